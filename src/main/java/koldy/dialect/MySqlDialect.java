package koldy.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import koldy.config.ConnectionConfig;

/**
 * MySQL and MariaDB: DDL commits implicitly, so a migration's transaction only protects its data
 * changes; the run lock is GET_LOCK, which belongs to the session that took it.
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
                + "script_executed_at datetime not null, "
                + "script_execution_duration int not null, "
                + extraColumns + ", "
                + "PRIMARY KEY (id), "
                + "UNIQUE KEY u_" + t + "_script (script)"
                + ") ENGINE=InnoDB");
    }

    @Override
    public Map<String, String> historyColumns(Connection connection, String table) throws SQLException {
        return ColumnQuery.columns(connection, "SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = database() AND table_name = ?", table);
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
    public RunLock runLock(ConnectionConfig connection, DataSource dataSource, String table) {
        return new SessionLock(dataSource, table,
                "SELECT get_lock(" + LOCK_NAME + ", 0)",
                "SELECT release_lock(" + LOCK_NAME + ")",
                "SELECT concat('connection ', id, ' (', user, '@', host, ')')"
                        + " FROM information_schema.processlist WHERE id = is_used_lock(" + LOCK_NAME + ")");
    }
}
