package koldy.migrate;

import java.time.Duration;
import java.util.function.Consumer;

import koldy.Advice;
import koldy.RunListener;
import koldy.config.Config;
import koldy.db.Connections;

/**
 * What every run of one migrator shares, real or dry: the configuration and its connections, how
 * refusals word what to do next, whom to tell what happens and how often a long migration is said
 * to be still running.
 *
 * @param statementListener told of every statement a migration executes (or, dry, would); may be null
 */
record RunSettings(Config config, Connections connections, Advice advice, RunListener listener,
                   Duration progressInterval, Consumer<String> statementListener) {
}
