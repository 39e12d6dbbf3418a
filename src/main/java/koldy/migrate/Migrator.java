package koldy.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import koldy.KoldyException;
import koldy.Migration;
import koldy.config.Config;
import koldy.db.Connections;
import koldy.dialect.Dialect;
import koldy.dialect.RunLock;

/**
 * The runner: migrate, rollback, status and repair as plain operations with plain results. It
 * never names a database; the state connection's {@link Dialect} answers for it.
 * <p>Every run that writes follows one shape: find and compile every migration before touching
 * the database, take the run lock, read the history <em>after</em> the lock (so a second runner
 * finds the work done), then run each migration in its own transaction with its history row.
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

    /** Reads only; never creates or changes the history table. */
    public Status status() {
        List<MigrationFile> files = scanner.scan();
        try (Connection connection = connections.borrow(stateName)) {
            return Status.of(files, history.read(connection));
        } catch (SQLException e) {
            throw databaseError(e);
        }
    }

    /**
     * Runs every pending migration in timestamp order. Refuses (runs nothing) when an executed
     * migration's file changed or is missing, or when a pending migration is older than the
     * newest executed one and {@code force} is false.
     */
    public List<Applied> migrate(boolean force) {
        List<MigrationFile> files = scanner.scan();
        CompiledMigrations compiled = compiler.compile(files);
        return underLock(work -> {
            history.ensure(work);
            Status status = Status.of(files, history.readExisting(work));
            refuseIfTampered(status);
            List<MigrationStatus> outOfOrder = status.in(MigrationState.OUT_OF_ORDER);
            if (!outOfOrder.isEmpty() && !force) {
                throw KoldyException.refused("Refusing to migrate: " + outOfOrder.size() + " pending migration"
                        + plural(outOfOrder.size()) + " older than the newest executed one ("
                        + newestExecuted(status) + "), typical after a branch merge:\n  "
                        + outOfOrder.stream().map(MigrationStatus::script).collect(Collectors.joining("\n  "))
                        + "\nNothing was run. If running them now, after the newer ones, is safe,"
                        + " run: koldy migrate --force");
            }
            List<MigrationFile> toRun = status.notExecuted();
            if (toRun.isEmpty()) {
                LOG.info("Nothing to migrate: all {} migration{} executed.", status.migrations().size(),
                        status.migrations().size() == 1 ? " is" : "s are");
                return List.of();
            }
            if (!outOfOrder.isEmpty()) {
                LOG.warn("--force: running {} out-of-order migration{} in timestamp order.", outOfOrder.size(),
                        plural(outOfOrder.size()));
            }
            List<Applied> applied = new ArrayList<>();
            for (MigrationFile file : toRun) {
                applied.add(run(work, compiled, file, true, applied.size() + 1, toRun.size()));
            }
            return applied;
        });
    }

    /**
     * Reverts the last {@code steps} executed migrations, newest <em>execution</em> first, so a
     * {@code --force} merge comes off in the order it went on.
     */
    public List<Applied> rollback(int steps) {
        if (steps < 1) {
            throw KoldyException.usage("The number of migrations to roll back must be 1 or more, not " + steps + ".");
        }
        List<MigrationFile> files = scanner.scan();
        CompiledMigrations compiled = compiler.compile(files);
        return underLock(work -> {
            if (!history.exists(work)) {
                LOG.info("Nothing to roll back: no migration has been executed.");
                return List.of();
            }
            history.ensure(work);
            List<HistoryRow> rows = history.readExisting(work);
            refuseIfFailed(Status.of(files, rows), "roll back");
            if (rows.isEmpty()) {
                LOG.info("Nothing to roll back: no migration has been executed.");
                return List.of();
            }
            if (steps > rows.size()) {
                LOG.info("Only {} migration{} executed; rolling back all of them.", rows.size(),
                        rows.size() == 1 ? " is" : "s are");
            }
            List<HistoryRow> toRevert = new ArrayList<>(rows.subList(Math.max(0, rows.size() - steps), rows.size()));
            java.util.Collections.reverse(toRevert);
            Map<String, MigrationFile> fileByScript = new HashMap<>();
            files.forEach(f -> fileByScript.put(f.script(), f));
            List<MigrationFile> reverting = new ArrayList<>();
            for (HistoryRow row : toRevert) {
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
            List<Applied> reverted = new ArrayList<>();
            for (MigrationFile file : reverting) {
                reverted.add(run(work, compiled, file, false, reverted.size() + 1, reverting.size()));
            }
            return reverted;
        });
    }

    /**
     * Accepts changed files (records their current checksum) and forgets executed migrations
     * whose files were deleted. Says what it will change before changing it.
     *
     * @return one line per change made
     */
    public List<String> repair() {
        List<MigrationFile> files = scanner.scan();
        return underLock(work -> {
            if (!history.exists(work)) {
                LOG.info("Nothing to repair: no migration has been executed.");
                return List.of();
            }
            history.ensure(work);
            Status status = Status.of(files, history.readExisting(work));
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
            work.setAutoCommit(false);
            try {
                for (MigrationStatus m : status.in(MigrationState.CHANGED)) {
                    history.updateChecksum(work, m.script(), m.file().checksum());
                }
                for (MigrationStatus m : status.in(MigrationState.MISSING)) {
                    history.delete(work, m.script());
                }
                for (MigrationStatus m : status.in(MigrationState.FAILED)) {
                    if (m.row().failedReverting()) {
                        history.mark(work, m.script(), null, null);
                    } else {
                        history.delete(work, m.script());
                    }
                }
                work.commit();
            } catch (SQLException e) {
                work.rollback();
                throw e;
            } finally {
                work.setAutoCommit(true);
            }
            LOG.info("Repaired {} migration{}.", changes.size(), plural(changes.size()));
            return changes;
        });
    }

    private Applied run(Connection work, CompiledMigrations compiled, MigrationFile file, boolean up,
                        int position, int total) throws SQLException {
        Migration migration = compiled.instantiate(file);
        String defaultName = migration.connection() == null ? config.defaultConnection().name()
                : migration.connection();
        if (config.connection(defaultName) == null) {
            throw new MigrationFailure(file.script(), "Migration " + file.script() + " names connection '"
                    + defaultName + "', which is not configured. Nothing of it was run.", null);
        }
        // Where DDL is not transactional, say that the run started before starting it, so a crash
        // or an error half way leaves a record instead of a silently half-applied migration.
        boolean atomic = dialect.transactionalDdl();
        if (!atomic) {
            if (up) {
                history.insert(work, file, now(), 0, HistoryTable.RUNNING);
            } else {
                history.mark(work, file.script(), HistoryTable.REVERTING, null);
            }
        }
        long started = System.nanoTime();
        work.setAutoCommit(false);
        try (MigrationSession session = new MigrationSession(connections, defaultName, stateName, work)) {
            try {
                if (up) {
                    migration.up();
                    long seconds = Math.round((System.nanoTime() - started) / 1e9);
                    if (atomic) {
                        history.insert(work, file, now(), seconds, null);
                    } else {
                        history.complete(work, file.script(), now(), seconds);
                    }
                } else {
                    migration.down();
                    history.delete(work, file.script());
                }
                session.commit();
            } catch (Exception e) {
                session.rollback();
                MigrationFailure failure = failure(file, up, e, position);
                if (!atomic) {
                    work.setAutoCommit(true);
                    history.mark(work, file.script(), up ? HistoryTable.FAILED : HistoryTable.REVERT_FAILED,
                            MigrationFailure.describe(e, file));
                }
                throw failure;
            }
        } finally {
            work.setAutoCommit(true);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("{} {} ({}/{}) in {}", up ? "Migrated" : "Rolled back", file.script(), position, total,
                seconds(took));
        return new Applied(file.script(), took);
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC).withNano(0);
    }

    private MigrationFailure failure(MigrationFile file, boolean up, Exception e, int position) {
        StringBuilder message = new StringBuilder();
        message.append(up ? "Migration " : "Rollback of ").append(file.script()).append(" failed: ")
                .append(MigrationFailure.describe(e, file));
        if (dialect.transactionalDdl()) {
            message.append("\nIts changes were rolled back and it is ")
                    .append(up ? "not recorded as executed." : "still recorded as executed.");
        } else {
            message.append("\n").append(dialect.name()).append(" commits DDL as it runs: statements of this")
                    .append(up ? " migration" : " rollback").append(" that ran before the failure may stay applied.")
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
                + " and " + dialect.name() + " may hold part of it:");
        for (MigrationStatus m : failed) {
            message.append("\n  ").append(m.script()).append(": ").append(m.row().failureDescription());
        }
        message.append("\nNothing was run. Check the database: undo what a failed migration did (or finish what a")
                .append(" failed rollback started), then run koldy repair to clear the record. Run koldy status")
                .append(" to see it again.");
        throw KoldyException.refused(message.toString());
    }

    /** Runs work on the state connection while holding the run lock. */
    private <T> T underLock(LockedWork<T> work) {
        try (RunLock lock = dialect.runLock(connections.config(stateName), connections.dataSource(stateName),
                config.historyTable())) {
            acquire(lock);
            try (Connection connection = connections.borrow(stateName)) {
                return work.run(connection);
            }
        } catch (SQLException e) {
            throw databaseError(e);
        }
    }

    private void acquire(RunLock lock) throws SQLException {
        long started = System.nanoTime();
        long deadline = started + lockTimeout.toNanos();
        long pause = 50;
        boolean announced = false;
        while (!lock.tryAcquire()) {
            String holder = lock.describeHolder();
            if (System.nanoTime() >= deadline) {
                throw KoldyException.refused("Gave up after " + lockTimeout.toSeconds() + " s waiting for the"
                        + " migration lock on connection '" + stateName + "'" + (holder == null ? "" : ", held by "
                        + holder) + ". Another koldy run is still busy; nothing was run. Retry later, or wait"
                        + " longer with --lock-timeout SECONDS.");
            }
            if (!announced) {
                LOG.info("Waiting for the migration lock on connection '{}'{} (up to {} s)...", stateName,
                        holder == null ? "" : ", held by " + holder, lockTimeout.toSeconds());
                announced = true;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw KoldyException.refused("Interrupted while waiting for the migration lock.");
            }
            pause = Math.min(pause * 2, 500);
        }
        if (announced) {
            LOG.info("Got the migration lock after {}.", seconds(Duration.ofNanos(System.nanoTime() - started)));
        } else {
            LOG.debug("Took the migration lock on connection '{}'", stateName);
        }
    }

    private KoldyException databaseError(SQLException e) {
        return new KoldyException(KoldyException.USAGE_OR_CONFIG, "Database error on connection '" + stateName
                + "' (" + connections.config(stateName).safeUrl() + "): " + e.getMessage(), e);
    }

    private static String newestExecuted(Status status) {
        return status.migrations().stream().filter(m -> m.row() != null)
                .max(java.util.Comparator.comparingLong(MigrationStatus::timestamp))
                .map(MigrationStatus::script).orElse("none");
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }

    @FunctionalInterface
    private interface LockedWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
