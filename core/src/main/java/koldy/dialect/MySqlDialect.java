package koldy.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import koldy.config.ConnectionConfig;
import koldy.lock.LeaseLock;
import koldy.lock.RunLock;
import koldy.lock.SessionLock;

/**
 * MySQL and MariaDB: DDL commits implicitly, so a migration's transaction only protects its data
 * changes. The run lock is GET_LOCK, which belongs to the session that took it; on a Galera
 * cluster, where GET_LOCK is local to one node, it is a lease row that the cluster certifies.
 */
final class MySqlDialect implements Dialect {

    private final HistorySql history = new MySqlHistorySql();

    // GET_LOCK names are server-wide and at most 64 characters: hash database and table into one.
    private static final String LOCK_NAME = "concat('koldy_', left(sha1(concat(database(), '.', ?)), 40))";

    @Override
    public String name() {
        return "MySQL";
    }

    @Override
    public SqlSyntax sqlSyntax() {
        return SqlSyntax.MYSQL;
    }

    @Override
    public String driverArtifact() {
        return "com.mysql:mysql-connector-j";
    }

    @Override
    public java.sql.Driver driver() {
        try {
            return new com.mysql.cj.jdbc.Driver();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot load the MySql JDBC driver", e);
        }
    }

    @Override
    public boolean transactionalDdl() {
        return false;
    }

    @Override
    public HistorySql history() {
        return history;
    }

    @Override
    public Sessions sessions() {
        return MySqlSessions.INSTANCE;
    }

    @Override
    public String readOnlyReason(Connection connection) throws SQLException {
        // Variable names differ between MySQL 8 (transaction_read_only) and MariaDB (tx_read_only).
        try (java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("SHOW VARIABLES WHERE Variable_name IN"
                     + " ('read_only', 'super_read_only', 'tx_read_only', 'transaction_read_only')")) {
            while (rows.next()) {
                String name = rows.getString(1).toLowerCase(java.util.Locale.ROOT);
                if ("ON".equalsIgnoreCase(rows.getString(2)) || "1".equals(rows.getString(2))) {
                    return name.endsWith("transaction_read_only") || name.startsWith("tx_")
                            ? "this session's transactions are read-only (" + name + " = ON)."
                            : "the server is read-only (" + name + " = ON): a replica?";
                }
            }
            return null;
        }
    }

    @Override
    public java.util.Map<String, String> driverProperties() {
        // Track autocommit and isolation locally instead of re-sending SET autocommit after every
        // commit; parse each distinct statement (the history table's) once per connection, not per call.
        return java.util.Map.of("useLocalSessionState", "true", "cachePrepStmts", "true");
    }

    @Override
    public RunLock runLock(ConnectionConfig connection, DataSource dataSource, String table, String tenant)
            throws SQLException {
        if (isGaleraNode(dataSource)) {
            String lockTable = table.length() > 59 ? table.substring(0, 59) : table;
            return new LeaseLock(dataSource, lockTable + "_lock", LeaseLock.DEFAULT_LEASE);
        }
        // A tenant's history is in a database of its own; named too, should tenants ever share one.
        return new SessionLock(dataSource, tenant == null ? table : tenant + "." + table,
                new SessionLock.Statements(SessionLock.Scope.SESSION,
                // The lock's session sits idle for the whole run: that is its purpose (31536000 s
                // is the largest wait_timeout the server accepts).
                List.of("SET SESSION wait_timeout = 31536000"),
                "SELECT get_lock(" + LOCK_NAME + ", 0)",
                "SELECT is_used_lock(" + LOCK_NAME + ") = connection_id()",
                "SELECT concat('connection ', id, ' (', user, '@', host, ')')"
                        + " FROM information_schema.processlist WHERE id = is_used_lock(" + LOCK_NAME + ")",
                "SELECT release_lock(" + LOCK_NAME + ")",
                "SELECT connection_id(), " + LOCK_NAME,
                List.of("is_used_lock('%2$s') = %1$s")));
    }

    /** A MariaDB Galera node says wsrep_on = ON; other MariaDB servers OFF, MySQL nothing. */
    private static boolean isGaleraNode(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet row = statement.executeQuery("SHOW VARIABLES LIKE 'wsrep_on'")) {
            return row.next() && "ON".equalsIgnoreCase(row.getString(2));
        }
    }
}
