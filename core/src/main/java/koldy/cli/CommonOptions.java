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

    static Option tenants() {
        return Option.builder().longOpt("tenants")
                .desc("every tenant (tenants.* in the configuration), each with its own history and lock").get();
    }

    static Option parallel() {
        return Option.builder().longOpt("parallel").hasArg().argName("N")
                .desc("with --tenants: how many tenants at once (default tenants.parallel, else 4)").get();
    }

    static Option failFast() {
        return Option.builder().longOpt("fail-fast")
                .desc("with --tenants: start no more tenants after one fails").get();
    }
}
