package koldy.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import koldy.Advice;
import koldy.Applied;
import koldy.KoldyException;
import koldy.KoldyException.Reason;
import koldy.MigrationFailure;
import koldy.MigrationFile;
import koldy.QueryException;
import koldy.RunEvent;
import koldy.config.Config;
import koldy.db.Connections;
import koldy.dialect.Dialect;
import koldy.lock.HeldLock;
import koldy.lock.LockLostException;
import koldy.util.Log;
import koldy.util.Text;
import koldy.internal.Failures;
import koldy.history.Direction;
import koldy.history.HistoryTable;
import koldy.load.Executable;
import koldy.load.SqlExecutable;

/**
 * Runs planned migrations, one step each, under a held run lock on the history connection: each
 * migration in its own transaction with its history row where the database allows; where it
 * does not, a {@code running} row first, then completed or {@code failed}. Every history write
 * happens under a verified lock (its fence, or an explicit check), and a lost lock stops the run
 * with what became of the migration in flight. {@link DryRun} is the same walk with nothing written.
 */
final class Steps {

    private static final Log LOG = Log.named("koldy");

    private final RunSettings run;
    private final Config config;
    private final Connections connections;
    private final String historyName;
    private final Dialect dialect;
    private final HistoryTable history;
    private final Connection work;
    private final Advice advice;
    private final HeldLock lock;
    /** The migration running now, for the progress thread to ask whom it waits for. */
    private volatile MigrationSession running;

    /**
     * @param dialect the history connection's
     * @param work    the history connection, on which history rows commit with the migrations
     * @param lock    the run lock, held
     */
    Steps(RunSettings run, Dialect dialect, HistoryTable history, Connection work, HeldLock lock) {
        this.run = run;
        this.config = run.config();
        this.connections = run.connections();
        this.advice = run.advice();
        this.historyName = config.historyConnection();
        this.dialect = dialect;
        this.history = history;
        this.work = work;
        this.lock = lock;
    }

    /** Runs the migrations in order; the first failure stops the run. */
    List<Applied> runAll(List<Executable> migrations, Direction direction) throws SQLException {
        List<Applied> done = new ArrayList<>();
        try (ProgressReporter progress = new ProgressReporter(run.progressInterval(), run.listener(),
                () -> running == null ? null : running.waitingFor())) {
            for (Executable migration : migrations) {
                try {
                    done.add(runOne(migration, direction, done.size() + 1, migrations.size(), progress));
                } catch (KoldyException stopped) {
                    throw Failures.afterApplying(stopped, done.stream().map(Applied::script).toList());
                }
            }
        } finally {
            if (direction.up() && migrations.stream().anyMatch(m -> !atomic(m))) {
                forgetFinishedRuns();
            }
        }
        work.setAutoCommit(true);
        return done;
    }

    private boolean atomic(Executable migration) {
        return dialect.transactionalDdl() && migration.transactional();
    }

    /**
     * Deletes the started-rows of the migrations this run completed, once for the run. Where the
     * connection is gone, the next run does it (and nothing reads such a row as unfinished).
     */
    private void forgetFinishedRuns() {
        try {
            work.setAutoCommit(true);
            history.forgetFinishedRuns(work);
        } catch (SQLException e) {
            LOG.debug("Could not delete the finished started-rows now; the next run will: {}", e.getMessage());
        }
    }

    /**
     * The connection a migration's {@code Db.query()} uses ({@link koldy.load.Migrations#prepare} has checked,
     * before anything ran, that it is configured).
     */
    static String connectionOf(Config config, Executable migration) {
        return migration.connection() == null ? config.defaultConnection().name() : migration.connection();
    }

    private Applied runOne(Executable migration, Direction direction, int position, int total, ProgressReporter progress)
            throws SQLException {
        MigrationFile file = migration.file();
        boolean atomic = atomic(migration);
        work.setAutoCommit(!migration.transactional()); // a no-op between transactional migrations
        if (!atomic) {
            recordStart(file, direction, position);
        }
        long started = System.nanoTime();
        boolean sessionChanged;
        progress.started(file.script(), direction.up(), position, total);
        try {
            sessionChanged = runWithRetries(migration, direction, atomic, position, started);
        } finally {
            progress.finished();
        }
        if (sessionChanged) {
            resetSession();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        run.listener().on(new RunEvent.Applied(file.script(), direction.up(), position, total, took));
        return new Applied(file.script(), direction.up(), took, List.of());
    }

    /**
     * Runs it; again, after a pause, while it gives up waiting for another session's lock
     * (migrations.lock_timeout) and was rolled back whole, up to migrations.lock_retries times.
     *
     * @return whether its session may have changed (then it is reset before the next migration)
     */
    private boolean runWithRetries(Executable migration, Direction direction, boolean atomic, int position, long started)
            throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return runOnce(migration, direction, atomic, position, started);
            } catch (GaveUpWaiting gaveUp) {
                if (attempt > config.lockWaits().retries()) {
                    throw failed(migration.file(), direction, true, gaveUp.getCause(), position);
                }
                waitBeforeTrying(migration.file(), attempt);
            }
        }
    }

    /**
     * One try: the migration, then its history row, committed together where the database allows.
     *
     * @throws GaveUpWaiting when an atomic migration gave up waiting for a lock: rolled back whole,
     *                       nothing of it stays, and it may be tried again
     */
    private boolean runOnce(Executable migration, Direction direction, boolean atomic, int position, long started)
            throws SQLException, GaveUpWaiting {
        MigrationFile file = migration.file();
        try (MigrationSession session = new MigrationSession(file.script(), run, connectionOf(config, migration), work,
                migration.transactional())) {
            running = session;
            boolean rowCarriesCommit = rowCarriesCommit(atomic, direction);
            if (rowCarriesCommit) {
                session.commitMayTakeLastStatement();
            }
            try {
                if (direction.up()) {
                    migration.up();
                } else {
                    migration.down();
                }
                session.refuseUnrunStatements();
                if (session.mayHaveChangedSession(historyName)) {
                    dialect.sessions().restoreIdentity(work); // the history row is written with the connection's rights
                }
                if (rowCarriesCommit && session.onlyOnWorkConnection()) {
                    recordAndCommit(session, file, direction, position, started);
                } else if (!recordOutcome(file, direction, atomic, started)) {
                    throw new HistoryRowChanged();
                }
                commit(session, file, direction, position); // after recordAndCommit: nothing left, no round trip
                return session.mayHaveChangedSession(historyName);
            } catch (LockLostException lost) {
                // The migration itself succeeded. Undone where it can be; where it cannot (it
                // committed as it ran), it is finished and its own started-row completed, so that
                // nobody runs it again (the row's condition keeps this from touching another run's).
                if (atomic) {
                    session.rollback();
                    throw lockLost(lost, file, direction, position, "its changes were rolled back and it is "
                            + direction.notDone());
                }
                boolean recordedAnyway = finishAfterLoss(session, file, direction, started);
                throw lockLost(lost, file, direction, position, "it had run to the end" + (recordedAnyway
                        ? " and is recorded as " + direction.done()
                        : ", but its history row could not be completed"));
            } catch (CommitAnswerLost lost) {
                throw lost.report;
            } catch (HistoryRowChanged e) {
                session.rollback();
                throw KoldyException.refused(Reason.LOCK_LOST, "The history row of " + file.script()
                        + " changed while this run held"
                        + " the lock, so its " + direction.noun() + " was not recorded. Run " + advice.status()
                        + " to see it.");
            } catch (Exception | Error e) {
                // Any throwable from a migration is that migration's failure, an Error included
                // (AssertionError, StackOverflowError, OutOfMemoryError): the run stops here.
                session.rollback();
                if (atomic && gaveUpWaitingForALock(e)) {
                    throw new GaveUpWaiting(e);
                }
                throw failed(file, direction, atomic, session.selfBlocked() == null ? e
                        : new SelfBlocked(session.selfBlocked(), e), position);
            }
        } finally {
            running = null;
        }
    }

    /** Commits the migration with its history row; a commit whose answer is lost is looked up. */
    private void commit(MigrationSession session, MigrationFile file, Direction direction, int position)
            throws SQLException, CommitAnswerLost {
        try {
            session.commit();
        } catch (SQLException commitFailed) {
            if (validWork()) {
                throw commitFailed; // the server said no (a deferred constraint): the migration's failure
            }
            throw new CommitAnswerLost(outcomeLookedUp(file, direction, position, commitFailed));
        }
    }

    /**
     * Whether an atomic migrate's history row can carry its COMMIT: its lock has a fence that
     * fails a statement once the lock is lost (PostgreSQL).
     */
    private boolean rowCarriesCommit(boolean atomic, Direction direction) {
        String fence = atomic && direction.up() ? lock.fence() : null;
        return fence != null && history.fencedBy(fence).commitsWithRow();
    }

    /**
     * The history row and the COMMIT in one round trip, behind the migration's last statement
     * when it left that to the commit (an SQL migration's, see {@link MigrationSession#runWithCommit}):
     * two round trips of the three a migration took, or all but one. A lost lock fails the row's
     * INSERT, so the COMMIT behind it never runs.
     */
    private void recordAndCommit(MigrationSession session, MigrationFile file, Direction direction, int position,
                                 long started) throws SQLException, LockLostException, CommitAnswerLost {
        String last = session.lastStatement();
        try {
            HistoryTable locked = lockedHistory();
            if (last == null) {
                locked.recordExecutedAndCommit(work, file, HistoryTable.now(), secondsSince(started));
            } else {
                locked.runRecordAndCommit(work, last, file, HistoryTable.now());
            }
        } catch (SQLException failed) {
            try {
                work.rollback(); // answered: the server said no, and nothing of it committed
            } catch (SQLException noAnswer) {
                throw new CommitAnswerLost(outcomeLookedUp(file, direction, position, failed));
            }
            lock.verify(); // the fence failed the INSERT if the lock is gone
            // the migration's failure: its last statement's error (or, rarely, a deferred
            // constraint's at COMMIT, shown at that last statement too)
            if (last != null) {
                throw session.lastStatementFailed(failed);
            }
            throw failed;
        }
    }

    /** Whole seconds since {@code started} ({@link System#nanoTime()}), as the history records a duration. */
    private static long secondsSince(long started) {
        return Math.round((System.nanoTime() - started) / 1e9);
    }

    /** An atomic migration that gave up waiting for a lock, rolled back whole: it may be tried again. */
    private static final class GaveUpWaiting extends Exception {
        GaveUpWaiting(Throwable cause) {
            super(null, cause, false, false);
        }
    }

    /**
     * A commit whose answer never came (the connection dropped as it committed): the server may
     * have committed or not. What is reported is what a new connection finds in the history,
     * never a guess: recorded, and the migration is applied; not, and it was rolled back.
     */
    private KoldyException outcomeLookedUp(MigrationFile file, Direction direction, int position, SQLException lost) {
        String what = direction.step(file.script());
        String prefix = "The connection to the database was lost as " + what + " committed ("
                + Text.firstLine(lost.getMessage()) + "). ";
        boolean recorded;
        try (Connection fresh = connections.borrow(historyName)) {
            recorded = history.read(fresh).stream().anyMatch(row -> row.script().equals(file.script()) && !row.failed());
        } catch (SQLException | KoldyException unreachable) {
            return new KoldyException(Reason.DATABASE_ERROR, prefix + "Whether it committed could not be looked up"
                    + " (" + Text.firstLine(unreachable.getMessage()) + "): run " + advice.status() + " to see."
                    + appliedBefore(position, direction, " "), lost);
        }
        boolean done = direction.up() == recorded;
        return new KoldyException(Reason.DATABASE_ERROR, prefix + "Looked up on a new connection: it " + (done
                ? "committed, and is recorded as " + direction.done()
                : "did not commit: its changes were rolled back and it is " + direction.notDone())
                + ". The run stopped there." + appliedBefore(position, direction, " ")
                + " Run the command again for the rest.", lost);
    }

    /** Whether a statement gave up waiting for a lock, as migrations.lock_timeout bounds it. */
    private boolean gaveUpWaitingForALock(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && config.lockWaits().timeout() != null && dialect.sessions().isLockTimeout(sql)) {
                return true;
            }
        }
        return false;
    }

    /** A pause that grows with each try (1, 2, 4 ... up to 30 s), said so that a reader knows why. */
    private void waitBeforeTrying(MigrationFile file, int attempt) {
        long seconds = Math.min(30, 1L << Math.min(attempt - 1, 5));
        run.listener().on(new RunEvent.Note(file.script() + " waited longer than migrations.lock_timeout ("
                + config.lockWaits().timeout().toSeconds() + " s) for a lock another session holds, and was rolled"
                + " back; trying again in " + seconds + " s (" + attempt + " of " + config.lockWaits().retries()
                + " retries)", true));
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each migration starts from the connection's configured session, whatever ran before it. */
    private void resetSession() throws SQLException {
        work.setAutoCommit(true); // the migration is committed: no transaction is open
        dialect.sessions().resetSession(work);
    }

    /**
     * Where a migration cannot be atomic (MySQL DDL, or one outside a transaction), says that it
     * started before starting it, in the run table (a rollback moves the executed row there).
     * Inside a transaction this row is committed by MySQL's implicit
     * commit before the first DDL statement: it becomes durable exactly when something that cannot
     * be rolled back has happened, at no extra commit. A row that another run wrote already makes
     * this write fail or find nothing: then this run has lost its lock, and says so.
     */
    private void recordStart(MigrationFile file, Direction direction, int position) throws SQLException {
        boolean written;
        try {
            HistoryTable locked = lockedHistory();
            written = direction.up() ? locked.recordStarted(work, file, HistoryTable.now())
                    : locked.startRevert(work, file.script());
        } catch (LockLostException lost) {
            throw lockLost(lost, file, direction, position, "nothing of it was run");
        } catch (SQLException e) {
            verify(file, direction, position);
            throw e;
        }
        if (!written) {
            verify(file, direction, position);
            throw KoldyException.refused(Reason.LOCK_LOST, "Cannot roll back " + file.script()
                    + ": its history row changed while"
                    + " this run held the lock. Nothing of it was run. Run " + advice.status() + " to see it.");
        }
    }

    /**
     * The history table for a write under the lock: fenced by the lock where it has a fence (a
     * write after the lock is lost then changes nothing, and the caller asks the lock why), else
     * after an explicit check of the lock.
     */
    private HistoryTable lockedHistory() throws LockLostException {
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
    private boolean recordOutcome(MigrationFile file, Direction direction, boolean atomic, long started)
            throws SQLException, LockLostException {
        boolean written = recordOutcome(lockedHistory(), work, file, direction, atomic,
                secondsSince(started));
        if (!written) {
            lock.verify(); // the fence kept it out if the lock is gone; otherwise the row changed
        }
        return written;
    }

    private static boolean recordOutcome(HistoryTable table, Connection work, MigrationFile file, Direction direction,
                                         boolean atomic, long seconds) throws SQLException {
        if (atomic) {
            return direction.up() ? table.recordExecuted(work, file, HistoryTable.now(), seconds)
                    : table.forget(work, file.script());
        }
        return direction.up() ? table.completeStarted(work, file.script(), HistoryTable.now(), seconds)
                : table.completeRevert(work, file.script());
    }

    private boolean finishAfterLoss(MigrationSession session, MigrationFile file, Direction direction, long started) {
        try {
            // Unfenced: the lock is gone, and the condition on this run's own row is what protects.
            if (recordOutcome(history, work, file, direction, false, secondsSince(started))) {
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
    private KoldyException failed(MigrationFile file, Direction direction, boolean atomic, Throwable e, int position) {
        try {
            lock.verify();
        } catch (LockLostException lost) {
            return lockLost(lost, file, direction, position, atomic ? "it failed (" + describe(e, file)
                    + "), and its changes were rolled back" : "it failed (" + describe(e, file)
                    + "); statements of it that ran before the failure may stay applied");
        }
        if (atomic) {
            return failure(file, direction, e, position, true, null);
        }
        // The started-row survived the rollback only if something was committed.
        boolean partial;
        try {
            work.setAutoCommit(true);
            partial = history.markFailed(work, file.script(), direction, describe(e, file));
        } catch (SQLException deadConnection) {
            // The work connection died with the migration (a killed session): what it committed
            // is visible from a new one, and what it did not is gone.
            try (Connection fresh = connections.borrow(historyName)) {
                partial = history.markFailed(fresh, file.script(), direction, describe(e, file));
            } catch (SQLException | KoldyException unreachable) {
                return failure(file, direction, e, position, false, deadConnection);
            }
        }
        return failure(file, direction, e, position, !partial, null);
    }

    /** Stops the run when the lock is no longer this run's. */
    private void verify(MigrationFile file, Direction direction, int position) {
        try {
            lock.verify();
        } catch (LockLostException lost) {
            throw lockLost(lost, file, direction, position, "nothing of it was run");
        }
    }

    private KoldyException lockLost(LockLostException lost, MigrationFile file, Direction direction, int position,
                                    String whatOfIt) {
        StringBuilder message = new StringBuilder("Lost the migration lock on " + lock.where() + ": "
                + lost.getMessage() + ". Stopped at " + direction.step(file.script()) + ": "
                + whatOfIt + ".");
        message.append(appliedBefore(position, direction, " "));
        message.append(" Another run may hold the lock now; run " + advice.status() + ", then run the command again.");
        return new KoldyException(Reason.LOCK_LOST, message.toString(), lost);
    }

    /**
     * @param rolledBack whether nothing of the migration remains (its transaction undid all of it)
     * @param unrecorded why the failure could not be written to the history, or null
     */
    private MigrationFailure failure(MigrationFile file, Direction direction, Throwable e, int position, boolean rolledBack,
                                     SQLException unrecorded) {
        String remains;
        if (rolledBack) {
            remains = rolledBack(direction);
        } else if (unrecorded != null) {
            remains = "The failure could not be recorded either: the connection to the database was lost ("
                    + Text.firstLine(unrecorded.getMessage()) + "). Its history row still says it is "
                    + (direction.up() ? "running" : "being rolled back") + "; statements of it that ran before the failure may"
                    + " stay applied. Make the database consistent by hand and run: " + advice.repair();
        } else {
            remains = (dialect.transactionalDdl() ? "It ran outside a transaction" : dialect.name()
                    + " commits DDL as it runs") + ": statements of this " + direction.noun()
                    + " that ran before the failure may stay applied. koldy recorded it as failed and refuses to"
                    + " continue until you make the database consistent by hand and run: " + advice.repair();
        }
        return failure(file, direction, e, position, remains);
    }

    /** "Migration X failed: <why>", what remains of it, and what the run did before it. */
    static MigrationFailure failure(MigrationFile file, Direction direction, Throwable e, int position, String remains) {
        return new MigrationFailure(file.script(), direction.failedHeading(file.script())
                + ": " + describe(e, file) + "\n" + remains
                + appliedBefore(position, direction, "\n"), e);
    }

    /** What remains of a migration whose transaction undid it. */
    static String rolledBack(Direction direction) {
        return "Its changes were rolled back and it is " + direction.notDone() + ".";
    }

    /** "The 2 migrations before it in this run were applied and recorded.", after {@code separator}. */
    private static String appliedBefore(int position, Direction direction, String separator) {
        if (position <= 1) {
            return "";
        }
        return separator + "The " + (position - 1) + " migration" + Plan.plural(position - 1) + " before it in this run "
                + (position - 1 == 1 ? "was" : "were") + " " + direction.earlierSteps() + ".";
    }

    /** The database's words and the statement for SQL errors; the exception and its line otherwise. */
    static String describe(Throwable e, MigrationFile file) {
        if (e instanceof QueryException || e instanceof SqlExecutable.StatementFailedException
                || e instanceof SelfBlocked || e instanceof MigrationSession.UnrunStatements) {
            return e.getMessage();
        }
        String text = e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith(file.className()) && frame.getLineNumber() > 0) {
                return text + "\n  at " + file.fileName() + ":" + frame.getLineNumber();
            }
        }
        return text;
    }

    /** A migration whose statement koldy cancelled: it waited for the run's own other connection. */
    private static final class SelfBlocked extends RuntimeException {
        SelfBlocked(String why, Throwable cancelled) {
            super(why + " (" + Text.firstLine(String.valueOf(cancelled.getMessage())) + ")", cancelled);
        }
    }

    private boolean validWork() {
        try {
            return work.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** A commit whose answer was lost with the connection, and what the history says of it. */
    private static final class CommitAnswerLost extends Exception {
        final KoldyException report;

        CommitAnswerLost(KoldyException report) {
            super(null, null, false, false);
            this.report = report;
        }
    }

    /** A history write found its row not in the state this run left it in, while the lock held. */
    private static final class HistoryRowChanged extends Exception {
        HistoryRowChanged() {
            super(null, null, false, false);
        }
    }
}
