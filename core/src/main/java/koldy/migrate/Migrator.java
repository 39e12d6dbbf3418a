package koldy.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import koldy.Advice;
import koldy.Applied;
import koldy.HistoryRow;
import koldy.KoldyException;
import koldy.MigrateOptions;
import koldy.MigrationFile;
import koldy.MigrationState;
import koldy.MigrationStatus;
import koldy.RollbackOptions;
import koldy.RunEvent;
import koldy.RunListener;
import koldy.Status;
import koldy.config.Config;
import koldy.db.Connections;
import koldy.dialect.Dialect;
import koldy.lock.HeldLock;
import koldy.history.Direction;
import koldy.history.HistoryConnection;
import koldy.history.HistoryTable;
import koldy.load.Executable;
import koldy.load.MigrationSource;
import koldy.load.Migrations;

/**
 * The runner: migrate, rollback, redo, baseline, status and repair as plain operations with plain
 * results. It never names a database; the history connection's {@link Dialect} answers for it.
 * <p>Every run that writes follows one shape: find and load every migration before touching the
 * database, take the run lock ({@link HistoryConnection}), read the history <em>after</em> the
 * lock (so a second runner finds the work done), decide what to do ({@link Plan}), then run each
 * migration as one step ({@link Steps}). A dry run ({@link DryRun}) takes no lock and writes nothing.
 */
public final class Migrator {

    private final Config config;
    private final Connections connections;
    private final MigrationSource source;
    private final HistoryConnection historyConnection;
    private final HistoryTable history;
    private Advice advice = Advice.COMMAND_LINE;
    private RunListener listener = RunListener.LOG;
    private Duration progressInterval = Duration.ofSeconds(10);
    private Consumer<String> statementListener;

    public Migrator(Config config, Connections connections, MigrationSource source, Duration lockTimeout) {
        this.config = config;
        this.connections = connections;
        this.source = source;
        this.historyConnection = new HistoryConnection(config, connections, lockTimeout);
        this.history = historyConnection.table();
    }

    /** How messages say what to do next: koldy commands (the default), or API calls for an application. */
    public Migrator advice(Advice advice) {
        this.advice = advice;
        return this;
    }

    /** Who is told what the runs do (default: the {@code koldy} logger, which the command line prints). */
    public Migrator listener(RunListener listener) {
        this.listener = listener;
        historyConnection.listener(listener);
        return this;
    }

    /** How often a long-running migration is reported as still running. */
    public Migrator progressInterval(Duration interval) {
        this.progressInterval = interval;
        return this;
    }

    /** Told of every statement a migration executes (or, in a dry run, would execute). */
    public Migrator statementListener(Consumer<String> listener) {
        this.statementListener = listener;
        return this;
    }

    /** The migration files, while the history connection is opened in parallel (every operation needs both). */
    private List<MigrationFile> scan() {
        return scan(false);
    }

    /**
     * @param reading for a command that only reads (status, a dry run), which never creates a
     *                database (a missing migrations directory is an error for every command)
     */
    private List<MigrationFile> scan(boolean reading) {
        historyConnection.openInBackground(reading, advice);
        return source.scan();
    }

    /** Reads only; never creates or changes the history table. */
    public Status status() {
        Status status = Reconciliation.of(scan(true), historyConnection.read());
        // a started record is a failure only if no run is going: ask the lock, without taking it
        boolean started = status.in(MigrationState.FAILED).stream()
                .anyMatch(m -> m.row().interrupted());
        if (started) {
            String holder = historyConnection.liveRunHolder();
            if (holder != null) {
                return Reconciliation.whileRunBy(status, holder);
            }
        }
        return status;
    }

    /**
     * Runs pending migrations in timestamp order (up to {@code to}). Refuses, running nothing,
     * when an executed migration's file changed or is missing, when a previous run failed half
     * way, or when a migration to run is older than the newest executed one and not forced.
     */
    public List<Applied> migrate(MigrateOptions options) {
        List<MigrationFile> files = scan(options.dryRun());
        if (options.dryRun()) {
            Migrations migrations = loadAll(files);
            List<MigrationFile> toRun = plan().migrate(Reconciliation.of(files, historyConnection.read()), options).tell(listener);
            return toRun.isEmpty() ? List.of() : dryRun().runAll(plan().written(migrations.prepare(toRun)), Direction.UP);
        }
        if (upToDateWithoutLock(files)) {
            return List.of(); // nothing will run, so nothing is compiled (not even after a koldy upgrade)
        }
        Migrations migrations = loadAll(files);
        return historyConnection.locked(advice, (work, lock) -> {
            List<MigrationFile> toRun = plan().migrate(Reconciliation.of(files, history.read(work)), options).tell(listener);
            List<Executable> prepared = plan().written(migrations.prepare(toRun));
            history.ensure(work, listener);
            return toRun.isEmpty() ? List.of() : steps(work, lock).runAll(prepared, Direction.UP);
        });
    }

    /**
     * The common deploy, where nothing is pending, answered without the run lock: when every file is
     * executed and unchanged, that is true at the moment of reading and there is nothing to do
     * (the history only grows under the lock). Anything else takes the locked path, which reads again.
     */
    private boolean upToDateWithoutLock(List<MigrationFile> files) {
        List<HistoryRow> rows;
        try {
            rows = historyConnection.readOrThrow();
        } catch (SQLException e) {
            return false; // the locked path reports it properly
        }
        Status status = allExecuted(files, rows);
        if (status == null) {
            return false;
        }
        say("Nothing to migrate: " + Plan.allExecuted(status.migrations().size()));
        return true;
    }

    /**
     * The status of a history that shows every migration executed and unchanged, or null: then
     * there is nothing to run, known without the lock. An empty history is never so (a first run
     * creates the table, under the lock).
     */
    private static Status allExecuted(List<MigrationFile> files, List<HistoryRow> rows) {
        Status status = Reconciliation.of(files, rows);
        return !rows.isEmpty() && status.upToDate() ? status : null;
    }

    /**
     * Whether a tenant is up to date, read on a session the caller shares between tenants (a
     * read-only session switched with {@code SET search_path} or {@code USE}); this migrator's
     * files are scanned once for all. Only a tenant shown up to date is; anything else, or anything
     * that cannot be read, is not, and the tenant's own run decides (under its lock). Each call
     * reads one tenant, so sessions on several threads may share one check.
     */
    public TenantCheck tenantCheck(TenantSwitch switchTo) {
        List<MigrationFile> files = source.scan();
        return (shared, tenant) -> {
            try {
                switchTo.to(shared, tenant);
                // a table per tenant: each finds its schema or database afresh
                List<HistoryRow> rows = new HistoryTable(historyConnection.dialect(), config.historyTable()).read(shared);
                return allExecuted(files, rows);
            } catch (SQLException | RuntimeException e) {
                return null; // its own run reads it again, and reports what is wrong
            }
        };
    }

    /** See {@link #tenantCheck}. */
    @FunctionalInterface
    public interface TenantCheck {
        /** The tenant's status when it shows every migration executed and unchanged, else null. */
        Status upToDate(Connection shared, String tenant);
    }

    /** Points a shared session at one tenant's schema or database. */
    @FunctionalInterface
    public interface TenantSwitch {
        void to(Connection session, String tenant) throws SQLException;
    }

    /**
     * Reverts executed migrations, newest <em>execution</em> first (so a {@code --force} merge
     * comes off in the order it went on): the last {@code steps}, or all after timestamp {@code to}.
     */
    public List<Applied> rollback(RollbackOptions options) {
        if (options.steps() != null && options.steps() < 1) {
            throw KoldyException.usage("The number of migrations to roll back must be 1 or more, not "
                    + options.steps() + ".");
        }
        List<MigrationFile> files = scan(options.dryRun());
        Migrations migrations = loadAll(files);
        if (options.dryRun()) {
            List<MigrationFile> reverting = plan().rollback(files, historyConnection.read(), options).tell(listener);
            return reverting.isEmpty() ? List.of() : dryRun().runAll(Plan.reversible(migrations.prepare(reverting)),
                    Direction.DOWN);
        }
        return historyConnection.locked(advice, (work, lock) -> {
            List<MigrationFile> reverting = plan().rollback(files, history.read(work), options).tell(listener);
            List<Executable> prepared = Plan.reversible(migrations.prepare(reverting));
            history.ensure(work, listener);
            return reverting.isEmpty() ? List.of() : steps(work, lock).runAll(prepared, Direction.DOWN);
        });
    }

    /**
     * Reverts the last {@code steps} executed migrations, then applies them again, under one lock.
     * With {@code force}, a migration whose file changed since it ran is reverted with the down it
     * has now and applied as it is now: the loop of writing a migration.
     */
    public List<Applied> redo(int steps, boolean force) {
        if (steps < 1) {
            throw KoldyException.usage("The number of migrations to redo must be 1 or more, not " + steps + ".");
        }
        List<MigrationFile> files = scan();
        Migrations migrations = loadAll(files);
        return historyConnection.locked(advice, (work, lock) -> {
            Plan plan = plan();
            List<MigrationFile> reverting = plan.rollback(files, history.read(work),
                    new RollbackOptions(steps, null, false, force)).tell(listener);
            List<Executable> prepared = plan.written(Plan.reversible(migrations.prepare(reverting)));
            history.ensure(work, listener);
            if (reverting.isEmpty()) {
                return List.of();
            }
            Steps run = steps(work, lock);
            List<Applied> done = new ArrayList<>(run.runAll(prepared, Direction.DOWN));
            List<Executable> again = new ArrayList<>(prepared);
            again.sort(Comparator.comparingLong(e -> e.file().timestamp()));
            done.addAll(run.runAll(again, Direction.UP));
            return done;
        });
    }

    /**
     * Adopts a live database: records every migration up to and including {@code timestamp} as
     * executed, without running it.
     *
     * @return the scripts recorded
     */
    public List<String> baseline(long timestamp) {
        List<MigrationFile> files = scan();
        return historyConnection.locked(advice, (work, lock) -> {
            history.ensure(work, listener);
            List<MigrationFile> adopted = plan().baseline(Reconciliation.of(files, history.read(work)), timestamp).tell(listener);
            if (adopted.isEmpty()) {
                return List.of();
            }
            LocalDateTime now = HistoryTable.now();
            HistoryConnection.transaction(work, lock, () -> {
                for (MigrationFile file : adopted) {
                    history.recordExecuted(work, file, now, 0);
                }
            });
            for (MigrationFile file : adopted) {
                say("Baselined " + file.script() + " (recorded as executed, not run)");
            }
            say("Baselined " + adopted.size() + " migration" + Plan.plural(adopted.size()) + " up to " + timestamp + ".");
            return adopted.stream().map(MigrationFile::script).toList();
        });
    }

    /** {@link #repair(Set)} forgetting nothing. */
    public List<String> repair() {
        return repair(Set.of());
    }

    /**
     * Accepts changed files (records their current checksum), forgets the executed migrations
     * named in {@code forget} whose files were deleted, and clears records of failed runs. Says
     * what it will change first. Refuses, changing nothing, while an executed migration's file is
     * gone and it is not named.
     *
     * @return one line per change made
     */
    public List<String> repair(Set<String> forget) {
        List<MigrationFile> files = scan();
        return historyConnection.locked(advice, (work, lock) -> {
            history.ensure(work, listener);
            Status status = Reconciliation.of(files, history.read(work));
            List<String> changes = plan().repair(status, forget, source.where()).tell(listener);
            if (changes.isEmpty()) {
                return changes;
            }
            say("Repair will:\n  " + String.join("\n  ", changes));
            HistoryConnection.transaction(work, lock, () -> {
                for (MigrationStatus m : status.in(MigrationState.CHANGED)) {
                    history.updateChecksum(work, m.script(), m.file().checksum());
                }
                for (MigrationStatus m : status.in(MigrationState.MISSING)) {
                    history.forget(work, m.script());
                }
                for (MigrationStatus m : status.in(MigrationState.FAILED)) {
                    history.clearFailed(work, m.row());
                }
            });
            say("Repaired " + changes.size() + " migration" + Plan.plural(changes.size()) + ".");
            return changes;
        });
    }

    private Migrations loadAll(List<MigrationFile> files) {
        return Migrations.load(config, files, source, name -> connections.dialect(name).sqlSyntax());
    }

    /** What runs and every refusal, worded by this migrator's advice. */
    private Plan plan() {
        return new Plan(config, advice);
    }

    private RunSettings settings() {
        return new RunSettings(config, connections, advice, listener, progressInterval, statementListener);
    }

    private Steps steps(Connection work, HeldLock lock) {
        return new Steps(settings(), historyConnection.dialect(), history, work, lock);
    }

    private DryRun dryRun() {
        return new DryRun(settings());
    }

    private void say(String line) {
        listener.on(new RunEvent.Note(line, false));
    }
}
