package koldy.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

/**
 * A lock owned by a database session on a connection of its own (PostgreSQL advisory lock, MySQL
 * GET_LOCK), so the server frees it when the process dies and its session ends. Each try, check,
 * holder query and release takes one parameter: the lock key.
 * <p>Held one of two ways, as the database allows:
 * <ul>
 * <li>in an open transaction ({@code unlock} null): a transaction-scoped lock, released by ending
 * the transaction. A pooling proxy (PgBouncer in transaction mode) keeps a client on one server
 * session for as long as its transaction is open, so the lock holds behind one too.</li>
 * <li>in autocommit ({@code unlock} given): a session lock, held across commits.</li>
 * </ul>
 * {@code setUp} statements run on the lock's session before each try: they switch off the server's
 * idle timeouts for that session, whose idleness is the point. Held in a transaction, they also
 * run after every query: PostgreSQL keeps a finished query's portal, and with it the query's
 * snapshot, until the next statement replaces it; an idle transaction holding a snapshot would
 * make {@code CREATE INDEX CONCURRENTLY} wait for the end of the run. A utility statement holds none.
 */
public final class SessionLock implements RunLock {

    /** The SQL of one database's session lock. */
    public record Statements(List<String> setUp, String tryLock, String verify, String holder, String unlock) {

        boolean inTransaction() {
            return unlock == null;
        }
    }

    private final DataSource dataSource;
    private final Object key;
    private final Statements sql;
    private Connection connection;
    private boolean held;

    public SessionLock(DataSource dataSource, Object key, Statements sql) {
        this.dataSource = dataSource;
        this.key = key;
        this.sql = sql;
    }

    @Override
    public synchronized boolean tryAcquire() throws SQLException {
        if (connection == null) {
            connection = dataSource.getConnection();
            connection.setAutoCommit(!sql.inTransaction());
        }
        setUp();
        held = ask(sql.tryLock());
        if (!held && sql.inTransaction()) {
            connection.rollback();
        }
        return held;
    }

    private void setUp() throws SQLException {
        try (Statement setUp = connection.createStatement()) {
            for (String statement : sql.setUp()) {
                setUp.execute(statement);
            }
        }
    }

    @Override
    public synchronized void verify() throws LockLostException {
        if (!held) {
            throw new LockLostException("it was released");
        }
        boolean stillHeld;
        try {
            stillHeld = ask(sql.verify());
        } catch (SQLException e) {
            held = false;
            throw new LockLostException("its database session ended (" + firstLine(e.getMessage()) + ")", e);
        }
        if (!stillHeld) {
            held = false;
            throw new LockLostException("the database no longer shows it held by this run's session");
        }
    }

    @Override
    public synchronized String describeHolder() {
        if (connection == null) {
            return null;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.holder())) {
            statement.setObject(1, key);
            String holder;
            try (ResultSet rows = statement.executeQuery()) {
                holder = rows.next() ? rows.getString(1) : null;
            }
            if (held && sql.inTransaction()) {
                setUp(); // lets go of the query's snapshot
            }
            return holder;
        } catch (SQLException e) {
            return null; // the holder is a courtesy; lacking rights to see it is not an error
        } finally {
            endReadTransaction();
        }
    }

    private void endReadTransaction() {
        if (!held && sql.inTransaction()) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the next try starts over
            }
        }
    }

    /** Runs a query answering one boolean: PostgreSQL answers true/false, MySQL 1/0/NULL. */
    private boolean ask(String query) throws SQLException {
        boolean yes;
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setObject(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                Object answer = rows.next() ? rows.getObject(1) : null;
                yes = Boolean.TRUE.equals(answer) || answer instanceof Number n && n.intValue() == 1;
            }
        }
        if (sql.inTransaction()) {
            setUp(); // lets go of the query's snapshot
        }
        return yes;
    }

    @Override
    public synchronized void close() {
        if (connection == null) {
            return;
        }
        try {
            if (sql.inTransaction()) {
                connection.rollback(); // ends the transaction, and the lock with it
            } else if (held) {
                try (PreparedStatement statement = connection.prepareStatement(sql.unlock())) {
                    statement.setObject(1, key);
                    statement.execute();
                }
            }
        } catch (SQLException e) {
            // Closing the session below frees a session lock as well.
        } finally {
            held = false;
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to free
            }
            connection = null;
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        return message.lines().filter(line -> !line.isBlank()).findFirst().orElse(message).trim();
    }
}
