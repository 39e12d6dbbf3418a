package koldy.cli;

import org.apache.commons.cli.Option;

/** Options shared by several commands, defined once. */
final class CommonOptions {

    private CommonOptions() {
    }

    static Option force() {
        return Option.builder().longOpt("force").hasArg().optionalArg(true).argName("true|false")
                .desc("run pending migrations even when they are older than the newest executed one").get();
    }

    static Option lockTimeout() {
        return Option.builder().longOpt("lock-timeout").hasArg().argName("SECONDS")
                .desc("how long to wait for another run's lock before giving up with exit 3 (default "
                        + Invocation.DEFAULT_LOCK_TIMEOUT.toSeconds() + ")").get();
    }
}
