package koldy.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import koldy.KoldyException;
import koldy.config.Config;
import koldy.db.Connections;
import koldy.dialect.Dialect;
import koldy.lock.HeldLock;
import koldy.lock.LockLostException;
import koldy.util.DurationText;

/**
 * The runner: migrate, rollback, redo, baseline, status and repair as plain operations with plain
 * results. It never names a database; the state connection's {@link Dialect} answers for it.
 * <p>Every run that writes follows one shape: find and load every migration before touching the
 * database, take the run lock, read the history <em>after</em> the lock (so a second runner
 * finds the work done), then run each migration in its own transaction with its history row.
 * A dry run takes no lock and writes nothing.
 */
public final class Migrator {

    private static final Logger LOG = LogManager.getLogger("koldy");

    private final Config config;
    private final Connections connections;
    private final MigrationScanner scanner;
    private final JavaMigrationCompiler compiler;
    private final Duration lockTimeout;
    private final String stateName;
    private final Dialect dialect;
    private final HistoryTable history;
    private Duration progressInterval = Duration.ofSeconds(10);
    private Consumer<String> statementListener;

    public Migrator(Config config, Connections connections, JavaMigrationCompiler compiler, Duration lockTimeout) {
        this.config = config;
        this.connections = connections;
        this.scanner = new MigrationScanner(config.migrationsDirectory(), config.root());
        this.compiler = compiler;
        this.lockTimeout = lockTimeout;
        this.stateName = config.stateConnection();
        this.dialect = connections.dialect(stateName);
        this.history = new HistoryTable(dialect, config.historyTable());
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

    /** The migration files, while the state connection is opened in parallel (every operation needs both). */
    private List<MigrationFile> scan() {
        connections.openInBackground(stateName);
        return scanner.scan();
    }

    /** Reads only; never creates or changes the history table. */
    public Status status() {
        List<MigrationFile> files = scan();
        try (Connection connection = connections.borrow(stateName)) {
            return Status.of(files, history.read(connection));
        } catch (SQLException e) {
            throw databaseError(e);
        }
    }

    /**
     * Runs pending migrations in timestamp order (up to {@code to}). Refuses, running nothing,
     * when an executed migration's file changed or is missing, when a previous run failed half
     * way, or when a migration to run is older than the newest executed one and not forced.
     */
    public List<Applied> migrate(MigrateOptions options) {
        List<MigrationFile> files = scan();
        if (!options.dryRun() && upToDateWithoutLock(files)) {
            return List.of(); // nothing will run, so nothing is compiled (not even after a koldy upgrade)
        }
        Migrations migrations = loadAll(files);
        return run(options.dryRun(), (work, lock) -> {
            Status status = Status.of(files, work == null ? readIfExists() : history.read(work));
            refuseIfTampered(status);
            List<MigrationFile> toRun = status.notExecuted().stream()
                    .filter(f -> options.to() == null || f.timestamp() <= options.to()).toList();
            List<String> outOfOrder = status.in(MigrationState.OUT_OF_ORDER).stream()
                    .filter(m -> toRun.contains(m.file())).map(MigrationStatus::script).toList();
            if (!outOfOrder.isEmpty() && !options.force()) {
                throw KoldyException.refused("Refusing to migrate: " + outOfOrder.size() + " pending migration"
                        + plural(outOfOrder.size()) + " older than the newest executed one ("
                        + newestExecuted(status) + "), typical after a branch merge:\n  "
                        + String.join("\n  ", outOfOrder)
                        + "\nNothing was run. If running them now, after the newer ones, is safe,"
                        + " run: koldy migrate --force");
            }
            if (toRun.isEmpty()) {
                LOG.info("Nothing to migrate: {}", status.migrations().isEmpty()
                        ? "there are no migrations in " + config.display(config.migrationsDirectory()) + "."
                        : status.notExecuted().isEmpty()
                        ? "all " + status.migrations().size() + " migrations are executed."
                        : "no pending migration up to " + options.to() + ".");
                return List.of();
            }
            if (!outOfOrder.isEmpty()) {
                LOG.warn("--force: running {} out-of-order migration{} in timestamp order.", outOfOrder.size(),
                        plural(outOfOrder.size()));
            }
            return runAll(work, lock, migrations.prepare(toRun), true);
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
            rows = readIfExists();
        } catch (SQLException e) {
            return false; // the locked path reports it properly
        }
        Status status = Status.of(files, rows);
        if (rows.isEmpty() || status.count(MigrationState.EXECUTED) != status.migrations().size()) {
            return false;
        }
        LOG.info("Nothing to migrate: all {} migrations are executed.", status.migrations().size());
        return true;
    }

    /** Shorthand for {@code migrate(new MigrateOptions(force, null, false))}. */
    public List<Applied> migrate(boolean force) {
        return migrate(new MigrateOptions(force, null, false));
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
        List<MigrationFile> files = scan();
        Migrations migrations = loadAll(files);
        return run(options.dryRun(), (work, lock) -> {
            List<HistoryRow> rows = work == null ? readIfExists() : history.read(work);
            List<MigrationFile> reverting = toRevert(files, rows, options);
            return reverting.isEmpty() ? List.of() : runAll(work, lock, migrations.prepare(reverting), false);
        });
    }

    /** Shorthand for {@code rollback(RollbackOptions.steps(steps))}. */
    public List<Applied> rollback(int steps) {
        return rollback(RollbackOptions.steps(steps));
    }

    /** Reverts the last {@code steps} executed migrations, then applies them again, under one lock. */
    public List<Applied> redo(int steps) {
        if (steps < 1) {
            throw KoldyException.usage("The number of migrations to redo must be 1 or more, not " + steps + ".");
        }
        List<MigrationFile> files = scan();
        Migrations migrations = loadAll(files);
        return run(false, (work, lock) -> {
            List<MigrationFile> reverting = toRevert(files, history.read(work), RollbackOptions.steps(steps));
            if (reverting.isEmpty()) {
                return List.of();
            }
            List<Executable> prepared = migrations.prepare(reverting);
            List<Applied> done = new ArrayList<>(runAll(work, lock, prepared, false));
            List<Executable> again = new ArrayList<>(prepared);
            again.sort(Comparator.comparingLong(e -> e.file().timestamp()));
            done.addAll(runAll(work, lock, again, true));
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
        return run(false, (work, lock) -> {
            Status status = Status.of(files, history.read(work));
            refuseIfFailed(status, "baseline");
            List<MigrationFile> adopted = status.notExecuted().stream().filter(f -> f.timestamp() <= timestamp)
                    .toList();
            if (adopted.isEmpty()) {
                LOG.info("Nothing to baseline: no pending migration has a timestamp up to {}.", timestamp);
                return List.of();
            }
            transaction(work, lock, () -> {
                for (MigrationFile file : adopted) {
                    history.insert(work, file, now(), 0, null);
                }
            });
            for (MigrationFile file : adopted) {
                LOG.info("Baselined {} (recorded as executed, not run)", file.script());
            }
            LOG.info("Baselined {} migration{} up to {}.", adopted.size(), plural(adopted.size()), timestamp);
            return adopted.stream().map(MigrationFile::script).toList();
        });
    }

    /**
     * Accepts changed files (records their current checksum), forgets executed migrations whose
     * files were deleted, and clears records of failed runs. Says what it will change first.
     *
     * @return one line per change made
     */
    public List<String> repair() {
        List<MigrationFile> files = scan();
        return run(false, (work, lock) -> {
            Status status = Status.of(files, history.read(work));
            List<String> changes = new ArrayList<>();
            for (MigrationStatus m : status.in(MigrationState.CHANGED)) {
                changes.add("accept the changed content of " + config.display(m.file().path())
                        + " (record checksum " + m.file().checksum().substring(0, 12) + "…)");
            }
            for (MigrationStatus m : status.in(MigrationState.MISSING)) {
                changes.add("forget executed migration " + m.script() + ", whose file is gone");
            }
            for (MigrationStatus m : status.in(MigrationState.FAILED)) {
                changes.add("clear the record of " + m.script() + " (" + m.row().failureDescription() + "); it will"
                        + (m.row().failedReverting() ? " count as executed again" : " be pending again"));
            }
            if (changes.isEmpty()) {
                LOG.info("Nothing to repair.");
                return changes;
            }
            LOG.info("Repair will:\n  {}", String.join("\n  ", changes));
            transaction(work, lock, () -> {
                for (MigrationStatus m : status.in(MigrationState.CHANGED)) {
                    history.updateChecksum(work, m.script(), m.file().checksum());
                }
                for (MigrationStatus m : status.in(MigrationState.MISSING)) {
                    history.delete(work, m.script());
                }
                for (MigrationStatus m : status.in(MigrationState.FAILED)) {
                    if (m.row().failedReverting()) {
                        history.mark(work, m.script(), m.row().status(), null, null);
                    } else {
                        history.delete(work, m.script());
                    }
                }
            });
            LOG.info("Repaired {} migration{}.", changes.size(), plural(changes.size()));
            return changes;
        });
    }

    private Migrations loadAll(List<MigrationFile> files) {
        return Migrations.load(config, files, compiler, name -> connections.dialect(name).sqlSyntax());
    }

    /** Which executed migrations a rollback reverts, newest execution first; refuses when it cannot. */
    private List<MigrationFile> toRevert(List<MigrationFile> files, List<HistoryRow> rows, RollbackOptions options)
            throws SQLException {
        refuseIfFailed(Status.of(files, rows), "roll back");
        List<HistoryRow> candidates;
        if (options.to() != null) {
            candidates = rows.stream().filter(r -> r.timestamp() > options.to()).collect(Collectors.toList());
            Collections.reverse(candidates);
        } else {
            candidates = new ArrayList<>(rows.subList(Math.max(0, rows.size() - options.steps()), rows.size()));
            Collections.reverse(candidates);
            if (!rows.isEmpty() && options.steps() > rows.size()) {
                LOG.info("Only {} migration{} executed; rolling back all of them.", rows.size(),
                        rows.size() == 1 ? " is" : "s are");
            }
        }
        if (candidates.isEmpty()) {
            LOG.info("Nothing to roll back: {}", rows.isEmpty() ? "no migration has been executed."
                    : "no executed migration is newer than " + options.to() + ".");
            return List.of();
        }
        Map<String, MigrationFile> fileByScript = new HashMap<>();
        files.forEach(f -> fileByScript.put(f.script(), f));
        List<MigrationFile> reverting = new ArrayList<>();
        for (HistoryRow row : candidates) {
            MigrationFile file = fileByScript.get(row.script());
            if (file == null) {
                throw KoldyException.refused("Cannot roll back " + row.script() + ": its file is missing from "
                        + config.display(config.migrationsDirectory()) + ". Nothing was rolled back."
                        + " Restore the file, or run koldy repair to forget it.");
            }
            if (row.checksum() != null && !row.checksum().equals(file.checksum())) {
                throw KoldyException.refused("Cannot roll back " + row.script() + ": "
                        + config.display(file.path()) + " has changed since it was executed, so its down()"
                        + " may not undo what ran. Nothing was rolled back. Revert the file, or accept it"
                        + " with koldy repair.");
            }
            reverting.add(file);
        }
        return reverting;
    }

    /** Runs the migrations in order; {@code work} and {@code lock} are null in a dry run. */
    private List<Applied> runAll(Connection work, HeldLock lock, List<Executable> migrations, boolean up)
            throws SQLException {
        List<Applied> done = new ArrayList<>();
        try (ProgressReporter progress = new ProgressReporter(progressInterval)) {
            for (Executable migration : migrations) {
                done.add(runOne(work, lock, migration, up, done.size() + 1, migrations.size(), progress));
            }
        }
        if (work == null) {
            LOG.info("Dry run: nothing was executed or recorded.");
        } else {
            work.setAutoCommit(true);
        }
        return done;
    }

    /** Runs one migration; {@code work} and {@code lock} are null in a dry run. */
    private Applied runOne(Connection work, HeldLock lock, Executable migration, boolean up, int position, int total,
                           ProgressReporter progress) throws SQLException {
        MigrationFile file = migration.file();
        String defaultName = migration.connection() == null ? config.defaultConnection().name()
                : migration.connection();
        if (config.connection(defaultName) == null) {
            throw new MigrationFailure(file.script(), "Migration " + file.script() + " names connection '"
                    + defaultName + "', which is not configured. Nothing of it was run.", null);
        }
        boolean dryRun = work == null;
        boolean atomic = dialect.transactionalDdl() && migration.transactional();
        if (!dryRun) {
            work.setAutoCommit(!migration.transactional()); // a no-op between transactional migrations
            if (!atomic) {
                recordStart(work, lock, file, up, position);
            }
        }
        String label = (up ? "" : "rollback of ") + file.script() + " (" + position + "/" + total + ")";
        long started = System.nanoTime();
        List<String> recorded;
        progress.started(label);
        try (MigrationSession session = new MigrationSession(connections, defaultName, stateName, work,
                migration.transactional(), dryRun, statementListener)) {
            try {
                if (up) {
                    migration.up();
                } else {
                    migration.down();
                }
                if (!dryRun) {
                    if (!recordOutcome(lock, work, file, up, atomic, started)) {
                        throw new HistoryRowChanged();
                    }
                    session.commit();
                }
            } catch (LockLostException lost) {
                // The migration itself succeeded. Undone where it can be; where it cannot (it
                // committed as it ran), it is finished and its own started-row completed, so that
                // nobody runs it again (the row's condition keeps this from touching another run's).
                if (atomic) {
                    session.rollback();
                    throw lockLost(lost, lock, file, up, position, "its changes were rolled back and it is "
                            + (up ? "not recorded as executed" : "still recorded as executed"));
                }
                boolean recordedAnyway = finishAfterLoss(session, work, file, up, started);
                throw lockLost(lost, lock, file, up, position, "it had run to the end" + (recordedAnyway
                        ? " and is recorded as " + (up ? "executed" : "rolled back")
                        : ", but its history row could not be completed"));
            } catch (HistoryRowChanged e) {
                session.rollback();
                throw KoldyException.refused("The history row of " + file.script() + " changed while this run held"
                        + " the lock, so its " + (up ? "migration" : "rollback") + " was not recorded. Run koldy status"
                        + " to see it.");
            } catch (Exception e) {
                session.rollback();
                throw failed(work, lock, file, up, atomic, e, position);
            }
            recorded = List.copyOf(session.recorded());
        } finally {
            progress.finished();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (dryRun) {
            LOG.info("-- {} {}{}", up ? "Would migrate" : "Would roll back", file.script(),
                    " (" + position + "/" + total + ")");
            for (String statement : recorded) {
                LOG.info("{}", statement);
            }
        } else {
            LOG.info("{} {} ({}/{}) in {}", up ? "Migrated" : "Rolled back", file.script(), position, total,
                    DurationText.seconds(took));
        }
        return new Applied(file.script(), up, took, recorded);
    }

    /**
     * Where a migration cannot be atomic (MySQL DDL, or one outside a transaction), says that it
     * started before starting it. Inside a transaction this row is committed by MySQL's implicit
     * commit before the first DDL statement: it becomes durable exactly when something that cannot
     * be rolled back has happened, at no extra commit. A row that another run wrote already makes
     * this write fail or find nothing: then this run has lost its lock, and says so.
     */
    private void recordStart(Connection work, HeldLock lock, MigrationFile file, boolean up, int position)
            throws SQLException {
        boolean written;
        try {
            HistoryTable locked = lockedHistory(lock);
            written = up ? locked.insert(work, file, now(), 0, HistoryTable.RUNNING)
                    : locked.mark(work, file.script(), null, HistoryTable.REVERTING, null);
        } catch (LockLostException lost) {
            throw lockLost(lost, lock, file, up, position, "nothing of it was run");
        } catch (SQLException e) {
            verify(lock, file, up, position);
            throw e;
        }
        if (!written) {
            verify(lock, file, up, position);
            throw KoldyException.refused("Cannot roll back " + file.script() + ": its history row changed while"
                    + " this run held the lock. Nothing of it was run. Run koldy status to see it.");
        }
    }

    /**
     * The history table for a write under the lock: fenced by the lock where it has a fence (a
     * write after the lock is lost then changes nothing, and the caller asks the lock why), else
     * after an explicit check of the lock.
     */
    private HistoryTable lockedHistory(HeldLock lock) throws LockLostException {
        String fence = lock.fence();
        if (fence == null) {
            lock.verify();
            return history;
        }
        return history.fencedBy(fence);
    }

    /**
     * The history row's change, in the migration's transaction when it has one.
     *
     * @return false when the row was not in the state this run left it in
     * @throws LockLostException when the lock's fence kept the change out
     */
    private boolean recordOutcome(HeldLock lock, Connection work, MigrationFile file, boolean up,
                                  boolean atomic, long started) throws SQLException, LockLostException {
        boolean written = recordOutcome(lockedHistory(lock), work, file, up, atomic,
                Math.round((System.nanoTime() - started) / 1e9));
        if (!written) {
            lock.verify(); // the fence kept it out if the lock is gone; otherwise the row changed
        }
        return written;
    }

    private static boolean recordOutcome(HistoryTable table, Connection work, MigrationFile file, boolean up,
                                         boolean atomic, long seconds) throws SQLException {
        if (!up) {
            return table.delete(work, file.script());
        } else if (atomic) {
            return table.insert(work, file, now(), seconds, null);
        } else {
            return table.complete(work, file.script(), now(), seconds);
        }
    }

    private boolean finishAfterLoss(MigrationSession session, Connection work, MigrationFile file, boolean up,
                                    long started) {
        try {
            // Unfenced: the lock is gone, and the condition on this run's own row is what protects.
            if (recordOutcome(history, work, file, up, false, Math.round((System.nanoTime() - started) / 1e9))) {
                session.commit();
                return true;
            }
        } catch (SQLException e) {
            // reported as not completed
        }
        session.rollback();
        return false;
    }

    /**
     * A migration threw: records the failure where its changes could not be rolled back, and says
     * what remains. A failure that turns out to come from a lost lock (another run's history row,
     * a killed lock session) is reported as the lost lock it is.
     */
    private KoldyException failed(Connection work, HeldLock lock, MigrationFile file, boolean up, boolean atomic,
                                  Exception e, int position) {
        if (work == null) {
            return failure(file, up, e, position, true, null);
        }
        try {
            lock.verify();
        } catch (LockLostException lost) {
            return lockLost(lost, lock, file, up, position, atomic ? "it failed (" + MigrationFailure.describe(e, file)
                    + "), and its changes were rolled back" : "it failed (" + MigrationFailure.describe(e, file)
                    + "); statements of it that ran before the failure may stay applied");
        }
        if (atomic) {
            return failure(file, up, e, position, true, null);
        }
        // The started-row survived the rollback only if something was committed.
        String from = up ? HistoryTable.RUNNING : HistoryTable.REVERTING;
        String to = up ? HistoryTable.FAILED : HistoryTable.REVERT_FAILED;
        boolean partial;
        try {
            work.setAutoCommit(true);
            partial = history.mark(work, file.script(), from, to, MigrationFailure.describe(e, file));
        } catch (SQLException deadConnection) {
            // The work connection died with the migration (a killed session): what it committed
            // is visible from a new one, and what it did not is gone.
            try (Connection fresh = connections.borrow(stateName)) {
                partial = history.mark(fresh, file.script(), from, to, MigrationFailure.describe(e, file));
            } catch (SQLException | KoldyException unreachable) {
                return failure(file, up, e, position, false, deadConnection);
            }
        }
        return failure(file, up, e, position, !partial, null);
    }

    /** Stops the run when the lock is no longer this run's. */
    private void verify(HeldLock lock, MigrationFile file, boolean up, int position) {
        try {
            lock.verify();
        } catch (LockLostException lost) {
            throw lockLost(lost, lock, file, up, position, "nothing of it was run");
        }
    }

    private KoldyException lockLost(LockLostException lost, HeldLock lock, MigrationFile file, boolean up,
                                    int position, String whatOfIt) {
        StringBuilder message = new StringBuilder("Lost the migration lock on " + lock.where() + ": "
                + lost.getMessage() + ". Stopped at " + (up ? "" : "the rollback of ") + file.script() + ": "
                + whatOfIt + ".");
        if (position > 1) {
            message.append(" The ").append(position - 1).append(" migration").append(plural(position - 1))
                    .append(" before it in this run ").append(position - 1 == 1 ? "was" : "were")
                    .append(up ? " applied and recorded." : " rolled back.");
        }
        message.append(" Another run may hold the lock now; run koldy status, then run the command again.");
        return new KoldyException(KoldyException.REFUSED, message.toString(), lost);
    }

    /**
     * @param rolledBack whether nothing of the migration remains (its transaction undid all of it)
     * @param unrecorded why the failure could not be written to the history, or null
     */
    private MigrationFailure failure(MigrationFile file, boolean up, Exception e, int position, boolean rolledBack,
                                     SQLException unrecorded) {
        StringBuilder message = new StringBuilder();
        message.append(up ? "Migration " : "Rollback of ").append(file.script()).append(" failed: ")
                .append(MigrationFailure.describe(e, file));
        if (rolledBack) {
            message.append("\nIts changes were rolled back and it is ")
                    .append(up ? "not recorded as executed." : "still recorded as executed.");
        } else if (unrecorded != null) {
            message.append("\nThe failure could not be recorded either: the connection to the database was lost ("
                            + firstLine(unrecorded.getMessage()) + "). Its history row still says it is ")
                    .append(up ? "running" : "being rolled back")
                    .append("; statements of it that ran before the failure may stay applied. Make the database")
                    .append(" consistent by hand and run: koldy repair");
        } else {
            message.append("\n").append(dialect.transactionalDdl() ? "It ran outside a transaction"
                            : dialect.name() + " commits DDL as it runs")
                    .append(": statements of this").append(up ? " migration" : " rollback")
                    .append(" that ran before the failure may stay applied.")
                    .append(" koldy recorded it as failed and refuses to continue until you make the database")
                    .append(" consistent by hand and run: koldy repair");
        }
        if (position > 1) {
            message.append("\nThe ").append(position - 1).append(" migration").append(plural(position - 1))
                    .append(" before it in this run ").append(position - 1 == 1 ? "was" : "were")
                    .append(up ? " applied and recorded." : " rolled back.");
        }
        return new MigrationFailure(file.script(), message.toString(), e);
    }

    private void refuseIfTampered(Status status) {
        refuseIfFailed(status, "migrate");
        List<MigrationStatus> tampered = status.in(MigrationState.CHANGED, MigrationState.MISSING);
        if (tampered.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("Refusing to migrate: executed migrations no longer match"
                + " their files:");
        for (MigrationStatus m : tampered) {
            message.append("\n  ").append(m.script()).append(m.state() == MigrationState.CHANGED
                    ? ": " + config.display(m.file().path()) + " changed since it was executed"
                    : ": its file is missing");
        }
        message.append("\nNothing was run. Restore the files, or accept them as they are with: koldy repair");
        throw KoldyException.refused(message.toString());
    }

    private void refuseIfFailed(Status status, String command) {
        List<MigrationStatus> failed = status.in(MigrationState.FAILED);
        if (failed.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("Refusing to " + command + ": a previous run did not complete,"
                + " and the database may hold part of it:");
        for (MigrationStatus m : failed) {
            message.append("\n  ").append(m.script()).append(": ").append(m.row().failureDescription());
        }
        message.append("\nNothing was run. Check the database: undo what a failed migration did (or finish what a")
                .append(" failed rollback started), then run koldy repair to clear the record. Run koldy status")
                .append(" to see it again.");
        throw KoldyException.refused(message.toString());
    }

    /**
     * Runs work on the state connection while holding the run lock, with the history table in
     * koldy's shape. A dry run gets no connection and no lock: nothing is created or written.
     */
    private <T> T run(boolean dryRun, LockedWork<T> work) {
        if (dryRun) {
            try {
                return work.run(null, null);
            } catch (SQLException e) {
                throw databaseError(e);
            }
        }
        refuseIfReadOnly();
        try (HeldLock lock = HeldLock.acquire(dialect.runLock(connections.config(stateName),
                connections.dataSource(stateName), config.historyTable()), lockTimeout,
                "connection '" + stateName + "'")) {
            try (Connection connection = connections.borrow(stateName)) {
                history.ensure(connection);
                return work.run(connection, lock);
            }
        } catch (SQLException e) {
            throw databaseError(e);
        }
    }

    /** A replica or read-only session is named as such before anything is attempted. */
    private void refuseIfReadOnly() {
        String reason;
        try (Connection connection = connections.borrow(stateName)) {
            reason = dialect.readOnlyReason(connection);
        } catch (SQLException e) {
            throw databaseError(e);
        }
        if (reason != null) {
            throw KoldyException.config("The database of connection '" + stateName + "' ("
                    + connections.config(stateName).safeUrl() + ") is read-only: " + reason
                    + " Nothing was attempted; point koldy at the primary.");
        }
    }

    private List<HistoryRow> readIfExists() throws SQLException {
        try (Connection connection = connections.borrow(stateName)) {
            return history.read(connection);
        }
    }

    /** Runs history changes in one transaction, if the lock is still this run's. */
    private void transaction(Connection work, HeldLock lock, SqlWork body) throws SQLException {
        try {
            lock.verify();
        } catch (LockLostException lost) {
            throw new KoldyException(KoldyException.REFUSED, "Lost the migration lock on " + lock.where() + ": "
                    + lost.getMessage() + ". Nothing was changed; run the command again.", lost);
        }
        work.setAutoCommit(false);
        try {
            body.run();
            work.commit();
        } catch (SQLException | RuntimeException e) {
            work.rollback();
            throw e;
        } finally {
            work.setAutoCommit(true);
        }
    }

    private KoldyException databaseError(SQLException e) {
        return new KoldyException(KoldyException.USAGE_OR_CONFIG, "Database error on connection '" + stateName
                + "' (" + connections.config(stateName).safeUrl() + "): " + e.getMessage(), e);
    }

    private static String newestExecuted(Status status) {
        return status.migrations().stream().filter(m -> m.row() != null)
                .max(Comparator.comparingLong(MigrationStatus::timestamp))
                .map(MigrationStatus::script).orElse("none");
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC).withNano(0);
    }

    private static String firstLine(String message) {
        return message == null ? "no message"
                : message.lines().filter(line -> !line.isBlank()).findFirst().orElse(message).trim();
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }

    /** A history write found its row not in the state this run left it in, while the lock held. */
    private static final class HistoryRowChanged extends Exception {
        HistoryRowChanged() {
            super(null, null, false, false);
        }
    }

    @FunctionalInterface
    private interface LockedWork<T> {
        T run(Connection connection, HeldLock lock) throws SQLException;
    }

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }
}
