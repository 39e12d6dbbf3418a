package koldy.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import koldy.util.Text;

/**
 * A lock owned by a database session on a connection of its own (PostgreSQL advisory lock, MySQL
 * GET_LOCK), so the server frees it when the process dies and its session ends. Each try, check,
 * holder query and release takes one parameter: the lock key.
 * <p>Held one of two ways, as the database allows ({@link Scope}):
 * <ul>
 * <li>in an open transaction: a transaction-scoped lock, released by ending the transaction. A
 * pooling proxy (PgBouncer in transaction mode) keeps a client on one server session for as long
 * as its transaction is open, so the lock holds behind one too.</li>
 * <li>in autocommit: a session lock, held across commits and released by {@code unlock}.</li>
 * </ul>
 * {@code setUp} statements run on the lock's session before each try: they switch off the server's
 * idle timeouts for that session, whose idleness is the point. Held in a transaction, they also
 * run after every query: PostgreSQL keeps a finished query's portal, and with it the query's
 * snapshot, until the next statement replaces it; an idle transaction holding a snapshot would
 * make {@code CREATE INDEX CONCURRENTLY} wait for the end of the run. A utility statement holds none.
 */
public final class SessionLock implements RunLock {

    /**
     * The SQL of one database's session lock. {@code identify} answers values about the lock just
     * taken (its session's id, the key as the database names it, ...), which fill a fence's
     * {@code %1$s}, {@code %2$s}, ...: a condition that any session can evaluate. The fence is the
     * first of {@code fences} that the lock's own session finds true just after taking it: the
     * cheapest goes first, and a later one serves where a server cannot answer it.
     */
    public record Statements(Scope scope, List<String> setUp, String tryLock, String verify, String holder,
                             String unlock, String identify, List<String> fences) {

        /** @param unlock the release of a session lock; null for a transaction's, which ending the transaction releases */
        public Statements {
            if ((scope == Scope.SESSION) == (unlock == null)) {
                throw new IllegalArgumentException("a session lock needs an unlock statement, a transaction's none");
            }
        }

        boolean inTransaction() {
            return scope == Scope.TRANSACTION;
        }
    }

    /** What holds the lock: an open transaction on the lock's session, or the session itself. */
    public enum Scope { TRANSACTION, SESSION }

    private final DataSource dataSource;
    private final Object key;
    private final Statements sql;
    private Connection connection;
    private boolean held;
    private String fence;

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
        held = ask(sql.tryLock(), true);
        if (!held && sql.inTransaction()) {
            connection.rollback();
        }
        if (held) {
            fence = identify();
        }
        return held;
    }

    /** The fence for the lock just taken, from what its session says of it. */
    private String identify() throws SQLException {
        try {
            Object[] identity = identity();
            for (String candidate : sql.fences()) {
                String fence = String.format(candidate, identity);
                if (sql.fences().size() == 1 || ask("SELECT " + fence, false)) {
                    return fence;
                }
            }
            throw new SQLException("None of the lock's fences holds in the session that took it");
        } finally {
            if (sql.inTransaction()) {
                setUp(); // lets go of the queries' snapshot
            }
        }
    }

    private Object[] identity() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql.identify())) {
            statement.setObject(1, key);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                Object[] values = new Object[row.getMetaData().getColumnCount()];
                for (int column = 1; column <= values.length; column++) {
                    String value = row.getString(column);
                    // Inlined into SQL: accept only what the database can answer here.
                    if (value == null || !value.matches("-?[0-9A-Za-z_]+")) {
                        throw new SQLException("Unexpected lock identity: " + value);
                    }
                    values[column - 1] = value;
                }
                return values;
            }
        }
    }

    @Override
    public synchronized String fence() {
        return held ? fence : null;
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
            stillHeld = ask(sql.verify(), true);
        } catch (SQLException e) {
            held = false;
            throw new LockLostException("its database session ended (" + Text.firstLine(e.getMessage()) + ")", e);
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
        try {
            String holder = holderSeenBy(connection);
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

    /** Asked on a session of its own: the server answers for every session's locks. */
    @Override
    public String liveHolder() {
        try (Connection session = dataSource.getConnection()) {
            session.setAutoCommit(true);
            return holderSeenBy(session);
        } catch (SQLException e) {
            return null;
        }
    }

    /** The holder's description, as {@code session} sees it; null when the lock is free. */
    private String holderSeenBy(Connection session) throws SQLException {
        try (PreparedStatement statement = session.prepareStatement(sql.holder())) {
            statement.setObject(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
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

    /**
     * Runs a query answering one boolean: PostgreSQL answers true/false, MySQL 1/0/NULL. Held in a
     * transaction, the set-up statements follow the query in the same round trip (PostgreSQL
     * runs a {@code ;}-separated list as one batch), letting go of the query's snapshot.
     *
     * @param keyed whether the query takes the lock key (a fence is complete as it is)
     */
    private boolean ask(String query, boolean keyed) throws SQLException {
        String batch = sql.inTransaction() && !sql.setUp().isEmpty()
                ? query + "; " + String.join("; ", sql.setUp()) : query;
        try (PreparedStatement statement = connection.prepareStatement(batch)) {
            if (keyed) {
                statement.setObject(1, key);
            }
            boolean isResultSet = statement.execute();
            while (!isResultSet && statement.getUpdateCount() != -1) {
                isResultSet = statement.getMoreResults();
            }
            if (!isResultSet) {
                throw new SQLException("The lock query returned no answer: " + query);
            }
            try (ResultSet rows = statement.getResultSet()) {
                Object answer = rows.next() ? rows.getObject(1) : null;
                return Boolean.TRUE.equals(answer) || answer instanceof Number n && n.intValue() == 1;
            }
        }
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
}
