package koldy.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import koldy.Advice;
import koldy.HistoryRow;
import koldy.KoldyException;
import koldy.RunEvent;
import koldy.RunListener;
import koldy.KoldyException.Reason;
import koldy.config.Config;
import koldy.config.SupportedUrls;
import koldy.db.Connections;
import koldy.dialect.Dialect;
import koldy.lock.HeldLock;
import koldy.lock.LockLostException;
import koldy.lock.RunLock;

/**
 * The connection that keeps the history, as the operations use it: read without the lock, or
 * worked on under the run lock (a read-only database refused first), with history changes made
 * in one transaction while the lock is verified to be this run's. Its database errors name it.
 */
public final class HistoryConnection {

    private final Config config;
    private final Connections connections;
    private final String name;
    private final Dialect dialect;
    private final HistoryTable table;
    private final Duration lockTimeout;
    private RunListener listener = RunListener.LOG;
    /** A reading command found the SQLite database not there: its history is empty, and it stays uncreated. */
    private boolean notCreatedYet;
    private boolean announced;

    public HistoryConnection(Config config, Connections connections, Duration lockTimeout) {
        this.config = config;
        this.connections = connections;
        this.name = config.historyConnection();
        this.dialect = connections.dialect(name);
        this.table = new HistoryTable(dialect, config.historyTable());
        this.lockTimeout = lockTimeout;
    }

    /** Who is told of waiting for the run lock, and of a SQLite database being created. */
    public void listener(RunListener listener) {
        this.listener = listener;
    }

    public Dialect dialect() {
        return dialect;
    }

    public HistoryTable table() {
        return table;
    }

    /**
     * Starts opening the connection in the background, while the caller reads the migration files.
     *
     * @param reading for a command that only reads (status, a dry run): it never creates a database;
     *                a SQLite file that is not there yet has an empty history, and says so
     */
    public void openInBackground(boolean reading, Advice advice) {
        Path toCreate = dialect.fileToCreate(connections.config(name));
        notCreatedYet = reading && toCreate != null;
        if (notCreatedYet) {
            // previewing the first migrate is a newcomer's first step; a misspelt path shows here too
            listener.on(new RunEvent.Note("The " + dialect.name() + " database " + config.display(toCreate)
                    + " of connection '" + name + "' does not exist yet, so every migration is pending; "
                    + advice.migrate() + " creates it (check its path, " + name + ".url, if it should exist).", true));
            return;
        }
        if (toCreate != null) {
            listener.on(new RunEvent.Note("Creating " + dialect.name() + " database " + config.display(toCreate), false));
        }
        connections.openInBackground(name);
    }

    /** The history as it is, without the lock; empty when the table does not exist. */
    public List<HistoryRow> read() {
        try {
            return readOrThrow();
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /** {@link #read()}, leaving a database error to the caller. */
    public List<HistoryRow> readOrThrow() throws SQLException {
        if (notCreatedYet) {
            return List.of();
        }
        return connections.read(name, connection -> { // the connection opened at start: no pool yet
            announce(connection);
            return table.read(connection);
        });
    }

    /**
     * Runs work on the history connection while holding the run lock. The work brings the history
     * table to koldy's shape ({@link HistoryTable#ensure}) once every file it will run is parsed:
     * a malformed file creates nothing.
     */
    public <T> T locked(Advice advice, LockedWork<T> work) {
        refuseIfReadOnly();
        try (HeldLock lock = HeldLock.acquire(dialect.runLock(connections.config(name),
                connections.dataSource(name), config.historyTable(), config.tenant()), lockTimeout, "connection '" + name + "'",
                listener, advice.waitLonger())) {
            try (Connection connection = connections.borrow(name)) {
                return work.run(connection, lock);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /** Says which database the run works on, once; the driver knows its product without asking. */
    private void announce(Connection connection) throws SQLException {
        if (!announced) {
            announced = true;
            var about = connection.getMetaData();
            String url = connections.config(name).safeUrl();
            Path sqliteFile = SupportedUrls.sqliteFile(url);
            listener.on(new RunEvent.Database(name, sqliteFile == null ? url : "jdbc:sqlite:" + config.display(sqliteFile),
                    about.getDatabaseProductName() + " " + about.getDatabaseProductVersion()));
        }
    }

    /** Who holds the run lock now (a run is going), asked without taking it; null when nobody does. */
    public String liveRunHolder() {
        try (RunLock lock = dialect.runLock(connections.config(name), connections.dataSource(name),
                config.historyTable(), config.tenant())) {
            return lock.liveHolder();
        } catch (SQLException e) {
            return null;
        }
    }

    /** A replica or read-only session is named as such before anything is attempted. */
    private void refuseIfReadOnly() {
        String reason;
        try (Connection connection = connections.borrow(name)) {
            announce(connection);
            reason = dialect.readOnlyReason(connection);
        } catch (SQLException e) {
            throw error(e);
        }
        if (reason != null) {
            throw KoldyException.config("The database of connection '" + name + "' ("
                    + connections.config(name).safeUrl() + ") is read-only: " + reason
                    + " Nothing was attempted; point koldy at the primary.");
        }
    }

    /** Runs history changes in one transaction, if the lock is still this run's. */
    public static void transaction(Connection work, HeldLock lock, SqlWork body) throws SQLException {
        try {
            lock.verify();
        } catch (LockLostException lost) {
            throw new KoldyException(Reason.LOCK_LOST, "Lost the migration lock on " + lock.where() + ": "
                    + lost.getMessage() + ". Nothing was changed; run the command again.", lost);
        }
        HistoryTable.atomically(work, () -> {
            body.run();
            return true;
        });
    }

    private KoldyException error(SQLException e) {
        return new KoldyException(Reason.DATABASE_ERROR, "Database error on connection '" + name
                + "' (" + connections.config(name).safeUrl() + "): " + e.getMessage(), e);
    }

    @FunctionalInterface
    public interface LockedWork<T> {
        T run(Connection connection, HeldLock lock) throws SQLException;
    }

    @FunctionalInterface
    public interface SqlWork {
        void run() throws SQLException;
    }
}
