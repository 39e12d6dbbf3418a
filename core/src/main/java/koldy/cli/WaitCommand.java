package koldy.cli;

import java.time.Duration;
import java.util.List;

import org.apache.commons.cli.Option;

import koldy.util.Log;

/** Waits until the databases a run uses accept connections: a container's first step. */
final class WaitCommand implements Command {

    private static final Log LOG = Log.named("koldy");
    private static final Duration DEFAULT = Duration.ofSeconds(60);

    @Override
    public String name() {
        return "wait";
    }

    @Override
    public String synopsis() {
        return "wait [--wait SECONDS]";
    }

    @Override
    public String summary() {
        return "wait (default 60 s) until the databases accept connections; exit 2 if they do not";
    }

    @Override
    public String details() {
        return """
                Retries while a server refuses connections, is not yet in DNS, or says it is starting
                up, with a line every 5 seconds; wrong credentials, a missing database, or hosts that all
                answer with none of them a primary (targetServerType=primary) fail at once.
                Any command waits the same way with --wait SECONDS:
                  koldy wait --wait 120
                  koldy migrate --wait 60""";
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public int run(Invocation invocation) {
        Duration timeout = invocation.waitOption() != null ? invocation.waitOption() : DEFAULT;
        invocation.withKoldy(koldy -> koldy.waitForDatabase(timeout));
        LOG.info("The database is up");
        return 0;
    }
}
