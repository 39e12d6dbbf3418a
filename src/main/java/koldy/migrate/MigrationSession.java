package koldy.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import koldy.db.Connections;

/**
 * The connections one migration uses while it runs, each inside its own transaction. The state
 * connection is the run's work connection, so the history row commits together with the
 * migration's changes; other named connections are borrowed on first use. {@link koldy.Db}
 * finds the session of the running migration through {@link #current()}.
 * <p>Internal: not part of the API a migration sees.
 */
public final class MigrationSession implements AutoCloseable {

    private static final ThreadLocal<MigrationSession> CURRENT = new ThreadLocal<>();

    private final Connections connections;
    private final String defaultName;
    private final Map<String, Connection> open = new LinkedHashMap<>();
    private final Map<String, Connection> borrowed = new LinkedHashMap<>();

    MigrationSession(Connections connections, String defaultName, String stateName, Connection stateConnection) {
        this.connections = connections;
        this.defaultName = defaultName;
        open.put(stateName, stateConnection);
        CURRENT.set(this);
    }

    /** The session of the migration running on this thread. */
    public static MigrationSession current() {
        MigrationSession session = CURRENT.get();
        if (session == null) {
            throw new IllegalStateException("Db.query() can only be used while koldy runs a migration");
        }
        return session;
    }

    public String defaultConnectionName() {
        return defaultName;
    }

    /** The named connection, in this migration's transaction. */
    public Connection connection(String name) throws SQLException {
        Connection connection = open.get(name);
        if (connection == null) {
            connection = connections.borrow(name);
            connection.setAutoCommit(false);
            open.put(name, connection);
            borrowed.put(name, connection);
        }
        return connection;
    }

    /** Commits the other connections first and the state connection (with the history row) last. */
    void commit() throws SQLException {
        List<Connection> order = new ArrayList<>(borrowed.values());
        for (Connection c : open.values()) {
            if (!borrowed.containsValue(c)) {
                order.add(c);
            }
        }
        for (Connection c : order) {
            c.commit();
        }
    }

    void rollback() {
        for (Connection c : open.values()) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the failure being reported matters more than this one
            }
        }
    }

    @Override
    public void close() {
        CURRENT.remove();
        for (Connection c : borrowed.values()) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // returned to the pool either way
            }
        }
    }
}
