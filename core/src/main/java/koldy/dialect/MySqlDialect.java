package koldy.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
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
    public List<String> createHistoryTable(String t, String extraColumns) {
        return List.of("CREATE TABLE " + t + " ("
                + "id int unsigned not null auto_increment, "
                + "script varchar(255) not null, "
                + "script_timestamp bigint not null, "
                + "script_executed_at " + executedAtType() + " not null, "
                + "script_execution_duration int not null, "
                + extraColumns + ", "
                + "PRIMARY KEY (id), "
                + "UNIQUE KEY u_" + t + "_script (script)"
                + ")" + tableOptions());
    }

    @Override
    public String executedAtType() {
        return "datetime";
    }

    @Override
    public String tableOptions() {
        return " ENGINE=InnoDB";
    }

    @Override
    public TableShape historyTable(Connection connection, String table) throws SQLException {
        return ColumnQuery.shape(connection, "SELECT database(), column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = database() AND table_name = ? UNION ALL SELECT database(), NULL, NULL", table);
    }

    @Override
    public String qualified(String database, String table) {
        return database == null ? table : '`' + database.replace("`", "``") + "`." + table;
    }

    @Override
    public void resetSession(Connection connection) throws SQLException {
        // The driver's COM_CHANGE_USER resets variables and re-applies the URL's sessionVariables;
        // it leaves the current database as USE left it, so the configured one is chosen again.
        String database = connection.getCatalog();
        connection.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).resetServerState();
        if (database != null && !database.isEmpty()) {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("USE `" + database.replace("`", "``") + "`");
            }
        }
        restoreIdentity(connection); // neither reset puts back MariaDB's role
    }

    @Override
    public Long sessionId(Connection connection) throws SQLException {
        return connection.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getId();
    }

    /**
     * Row locks: InnoDB names the blocking transaction's connection. A DDL waiting for a table's
     * metadata lock is blocked by an open transaction that touched the table, which the server
     * does not name without a plugin: then every other open transaction is a suspect, and said so.
     */
    @Override
    public java.util.Map<Long, String> blockers(Connection observer, java.util.Collection<Long> waiting)
            throws SQLException {
        String ids = PostgresDialect.ids(waiting);
        String describe = "concat('connection ', t.trx_mysql_thread_id, coalesce(concat(' (', p.USER, '@', p.HOST, ')'),"
                + " ''), ', transaction open since ', date_format(t.trx_started, '%H:%i:%s'))";
        java.util.Map<Long, String> found = new java.util.LinkedHashMap<>();
        try (java.sql.Statement statement = observer.createStatement()) {
            try (java.sql.ResultSet rows = statement.executeQuery("SELECT t.trx_mysql_thread_id, " + describe
                    + " FROM information_schema.INNODB_LOCK_WAITS w"
                    + " JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id"
                    + " JOIN information_schema.INNODB_TRX t ON t.trx_id = w.blocking_trx_id"
                    + " LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id"
                    + " WHERE r.trx_mysql_thread_id IN (" + ids + ")")) {
                while (rows.next()) {
                    found.put(rows.getLong(1), rows.getString(2));
                }
            } catch (SQLException notThere) {
                // MySQL 8 moved lock waits to performance_schema; the metadata-lock suspects still tell
            }
            if (found.isEmpty()) {
                try (java.sql.ResultSet rows = statement.executeQuery("SELECT t.trx_mysql_thread_id, " + describe
                        + " FROM information_schema.INNODB_TRX t"
                        + " LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id"
                        + " WHERE t.trx_mysql_thread_id NOT IN (" + ids + ") AND EXISTS (SELECT 1 FROM"
                        + " information_schema.PROCESSLIST w WHERE w.ID IN (" + ids + ")"
                        + " AND w.STATE LIKE 'Waiting for%metadata lock')")) {
                    while (rows.next()) {
                        found.put(rows.getLong(1), rows.getString(2) + " (a transaction open while a DDL waits for"
                                + " its table's metadata lock)");
                    }
                }
            }
        }
        return found;
    }

    /** Both waits: a table's metadata lock (a DDL's) and InnoDB's row locks. */
    @Override
    public boolean boundLockWaits(Connection connection, java.time.Duration timeout, boolean inTransaction)
            throws SQLException {
        long seconds = Math.max(1, timeout.toSeconds());
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION lock_wait_timeout = " + seconds + ", innodb_lock_wait_timeout = " + seconds);
        }
        return true;
    }

    /** ER_LOCK_WAIT_TIMEOUT, for a metadata lock and a row lock alike. */
    @Override
    public boolean isLockTimeout(SQLException e) {
        return e.getErrorCode() == 1205;
    }

    @Override
    public void cancel(Connection observer, long session) throws SQLException {
        try (java.sql.Statement statement = observer.createStatement()) {
            statement.execute("KILL QUERY " + session);
        }
    }

    /** MariaDB's {@code SHOW GRANTS} names the account's default role on a line of its own. */
    private static final java.util.regex.Pattern DEFAULT_ROLE =
            java.util.regex.Pattern.compile("^SET DEFAULT ROLE `((?:[^`]|``)+)` FOR ");

    /**
     * Back to the role the account starts with. MySQL says it in two words; MariaDB has no
     * {@code SET ROLE DEFAULT}, and keeps a role a session chose even through COM_CHANGE_USER, so
     * its default role is read from the account's own grants (which any account may read).
     */
    @Override
    public void restoreIdentity(Connection connection) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement()) {
            if (!connection.getMetaData().getDatabaseProductVersion().contains("MariaDB")) {
                statement.execute("SET ROLE DEFAULT");
                return;
            }
            String role = null;
            try (java.sql.ResultSet grants = statement.executeQuery("SHOW GRANTS")) {
                while (grants.next()) {
                    java.util.regex.Matcher line = DEFAULT_ROLE.matcher(grants.getString(1));
                    if (line.find()) {
                        role = line.group(1);
                    }
                }
            }
            statement.execute(role == null ? "SET ROLE NONE" : "SET ROLE `" + role + "`");
        }
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
    public String fromNoTable() {
        return " FROM DUAL";
    }

    @Override
    public List<String> widenTimestamp(String t, String currentType) {
        return "bigint".equals(currentType) ? List.of()
                : List.of("ALTER TABLE " + t + " MODIFY script_timestamp bigint not null");
    }

    @Override
    public Object executedAtValue(LocalDateTime utc) {
        return utc;
    }

    @Override
    public java.util.Map<String, String> driverProperties() {
        // Track autocommit and isolation locally instead of re-sending SET autocommit after every
        // commit; parse each distinct statement (the history table's) once per connection, not per call.
        return java.util.Map.of("useLocalSessionState", "true", "cachePrepStmts", "true");
    }

    @Override
    public RunLock runLock(ConnectionConfig connection, DataSource dataSource, String table) throws SQLException {
        if (isGaleraNode(dataSource)) {
            String lockTable = table.length() > 59 ? table.substring(0, 59) : table;
            return new LeaseLock(dataSource, lockTable + "_lock", LeaseLock.DEFAULT_LEASE);
        }
        return new SessionLock(dataSource, table, new SessionLock.Statements(
                // The lock's session sits idle for the whole run: that is its purpose (31536000 s
                // is the largest wait_timeout the server accepts).
                List.of("SET SESSION wait_timeout = 31536000"),
                "SELECT get_lock(" + LOCK_NAME + ", 0)",
                "SELECT is_used_lock(" + LOCK_NAME + ") = connection_id()",
                "SELECT concat('connection ', id, ' (', user, '@', host, ')')"
                        + " FROM information_schema.processlist WHERE id = is_used_lock(" + LOCK_NAME + ")",
                "SELECT release_lock(" + LOCK_NAME + ")",
                "SELECT connection_id(), " + LOCK_NAME,
                "is_used_lock('%2$s') = %1$s"));
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
