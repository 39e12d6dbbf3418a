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

    static Option dryRun() {
        return Option.builder().longOpt("dry-run")
                .desc("print the SQL each migration would execute; execute and record nothing").get();
    }

    static Option to() {
        return Option.builder().longOpt("to").hasArg().argName("TIMESTAMP").desc("the target timestamp").get();
    }

    static Option lockTimeout() {
        return Option.builder().longOpt("lock-timeout").hasArg().argName("SECONDS")
                .desc("how long to wait for another run's lock before giving up with exit 3 (default "
                        + Invocation.DEFAULT_LOCK_TIMEOUT.toSeconds() + ")").get();
    }
}
