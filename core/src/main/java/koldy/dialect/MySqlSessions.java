package koldy.dialect;

import java.sql.Connection;
import java.sql.SQLException;

/** MySQL's and MariaDB's sessions: COM_CHANGE_USER, roles, InnoDB's lock waits, lock_wait_timeout, KILL QUERY. */
final class MySqlSessions implements Sessions {

    static final MySqlSessions INSTANCE = new MySqlSessions();

    private MySqlSessions() {
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
        String ids = Sessions.idList(waiting);
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
}
