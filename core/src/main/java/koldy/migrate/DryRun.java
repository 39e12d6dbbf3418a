package koldy.migrate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import koldy.Applied;
import koldy.MigrationFile;
import koldy.config.Config;
import koldy.db.Connections;

/**
 * Walks planned migrations as {@link Steps} would, against a recording {@code Db}: prints the SQL
 * each would execute, and executes and records nothing (no lock, no history written).
 */
final class DryRun {

    private static final Logger LOG = LogManager.getLogger("koldy");

    private final Config config;
    private final Connections connections;
    private final Duration progressInterval;
    private final Consumer<String> statementListener;

    DryRun(Config config, Connections connections, Duration progressInterval, Consumer<String> statementListener) {
        this.config = config;
        this.connections = connections;
        this.progressInterval = progressInterval;
        this.statementListener = statementListener;
    }

    List<Applied> runAll(List<Executable> migrations, boolean up) {
        List<Applied> done = new ArrayList<>();
        try (ProgressReporter progress = new ProgressReporter(progressInterval)) {
            for (Executable migration : migrations) {
                done.add(runOne(migration, up, done.size() + 1, migrations.size(), progress));
            }
        }
        LOG.info("Dry run: nothing was executed or recorded.");
        return done;
    }

    private Applied runOne(Executable migration, boolean up, int position, int total, ProgressReporter progress) {
        MigrationFile file = migration.file();
        String defaultName = Steps.connectionOf(config, migration);
        long started = System.nanoTime();
        List<String> recorded;
        progress.started((up ? "" : "rollback of ") + file.script() + " (" + position + "/" + total + ")");
        try (MigrationSession session = new MigrationSession(file.script(), connections, defaultName, config.historyConnection(), null,
                migration.transactional(), true, statementListener)) {
            if (up) {
                migration.up();
            } else {
                migration.down();
            }
            recorded = List.copyOf(session.recorded());
        } catch (Exception | Error e) {
            throw Steps.failure(file, up, e, position, Steps.rolledBack(up));
        } finally {
            progress.finished();
        }
        LOG.info("-- {} {}{}", up ? "Would migrate" : "Would roll back", file.script(),
                " (" + position + "/" + total + ")");
        for (String statement : recorded) {
            LOG.info("{}", statement);
        }
        return new Applied(file.script(), up, Duration.ofNanos(System.nanoTime() - started), recorded);
    }
}
