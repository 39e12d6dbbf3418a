package koldy.migrate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import koldy.Applied;
import koldy.MigrationFile;
import koldy.PlannedStatement;
import koldy.RunEvent;
import koldy.config.Config;
import koldy.history.Direction;
import koldy.load.Executable;

/**
 * Walks planned migrations as {@link Steps} would, against a recording {@code Db}: prints the SQL
 * each would execute, and executes and records nothing (no lock, no history written).
 */
final class DryRun {

    private final RunSettings run;
    private final Config config;

    DryRun(RunSettings run) {
        this.run = run;
        this.config = run.config();
    }

    List<Applied> runAll(List<Executable> migrations, Direction direction) {
        List<Applied> done = new ArrayList<>();
        try (ProgressReporter progress = new ProgressReporter(run.progressInterval(), run.listener(), null)) {
            for (Executable migration : migrations) {
                done.add(runOne(migration, direction, done.size() + 1, migrations.size(), progress));
            }
        }
        say("Dry run: nothing was executed or recorded.");
        return done;
    }

    private void say(String line) {
        run.listener().on(new RunEvent.Note(line, false));
    }

    /** A statement as the dry run prints it: the SQL, and comments on where and how it would run. */
    private static String shown(PlannedStatement statement, String defaultName) {
        int parameters = statement.parameterCount();
        return (statement.connection().equals(defaultName) ? "" : "-- on connection " + statement.connection() + "\n")
                + statement.sql() + ";"
                + (parameters == 0 ? "" : "\n-- with " + parameters + " bound parameter" + (parameters == 1 ? "" : "s"))
                + (statement.reads() ? "\n-- reads data: not run in a dry run, so it returns no rows" : "");
    }

    private Applied runOne(Executable migration, Direction direction, int position, int total, ProgressReporter progress) {
        MigrationFile file = migration.file();
        String defaultName = Steps.connectionOf(config, migration);
        long started = System.nanoTime();
        List<PlannedStatement> recorded;
        progress.started(file.script(), direction.up(), position, total);
        try (MigrationSession session = new MigrationSession(file.script(), run, defaultName, null,
                migration.transactional())) {
            if (direction.up()) {
                migration.up();
            } else {
                migration.down();
            }
            session.refuseUnrunStatements();
            recorded = List.copyOf(session.recorded());
        } catch (Exception | Error e) {
            throw Steps.failure(file, direction, e, position, Steps.rolledBack(direction));
        } finally {
            progress.finished();
        }
        say("-- " + (direction.up() ? "Would migrate " : "Would roll back ") + file.script() + " (" + position + "/" + total + ")");
        for (PlannedStatement statement : recorded) {
            say(shown(statement, defaultName));
        }
        return new Applied(file.script(), direction.up(), Duration.ofNanos(System.nanoTime() - started), recorded);
    }
}
