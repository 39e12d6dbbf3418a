package koldy.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import koldy.config.ConnectionConfig;
import koldy.config.SupportedUrls;
import koldy.lock.FileLock;
import koldy.lock.NoLock;
import koldy.lock.RunLock;

/** SQLite: transactional DDL, 64-bit integers everywhere, text timestamps as Koldy PHP writes them. */
final class SqliteDialect implements Dialect {

    private static final DateTimeFormatter KOLDY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Override
    public String name() {
        return "SQLite";
    }

    @Override
    public SqlSyntax sqlSyntax() {
        return SqlSyntax.SQLITE;
    }

    @Override
    public String driverArtifact() {
        return "org.xerial:sqlite-jdbc";
    }

    /** The file's directory exists, and the driver's native library is where it loads fastest. */
    @Override
    public void prepare(ConnectionConfig connection) {
        java.nio.file.Path file = SupportedUrls.sqliteFile(connection.url());
        if (file != null && file.getParent() != null) {
            try {
                java.nio.file.Files.createDirectories(file.getParent());
            } catch (java.io.IOException e) {
                throw koldy.KoldyException.config("Cannot create the directory of SQLite database " + file + ": "
                        + e.getMessage());
            }
        }
        SqliteNativeLibrary.prepare();
    }

    @Override
    public java.sql.Driver driver() {
        return new org.sqlite.JDBC();
    }

    @Override
    public Map<String, String> driverProperties() {
        // The driver otherwise runs a second query after every INSERT to fetch generated keys,
        // which nothing in koldy reads (Query.exec returns the affected rows).
        return Map.of("jdbc.get_generated_keys", "false");
    }

    @Override
    public boolean transactionalDdl() {
        return true;
    }

    @Override
    public List<String> createHistoryTable(String t, String extraColumns) {
        return List.of("CREATE TABLE " + t + " ("
                + "id integer primary key autoincrement, "
                + "script varchar(255) not null unique, "
                + "script_timestamp integer not null, "
                + "script_executed_at " + executedAtType() + " not null, "
                + "script_execution_duration integer not null, "
                + extraColumns + ")");
    }

    @Override
    public String executedAtType() {
        return "char(20)";
    }

    @Override
    public TableShape historyTable(Connection connection, String table) throws SQLException {
        // No search_path or USE in SQLite: the table is addressed as it is named.
        return ColumnQuery.shape(connection, "SELECT NULL, name, type FROM pragma_table_info(?)", table);
    }

    @Override
    public List<String> widenTimestamp(String t, String currentType) {
        return List.of(); // SQLite integers are already 64-bit
    }

    @Override
    public Object executedAt(java.sql.ResultSet row, int column) throws SQLException {
        return row.getString(column); // 'YYYY-MM-DD HH:MM:SS' text, as Koldy PHP writes it
    }

    @Override
    public Object executedAtValue(LocalDateTime utc) {
        return KOLDY_TIME.format(utc);
    }

    @Override
    public RunLock runLock(ConnectionConfig connection, DataSource dataSource, String table, String tenant) {
        java.nio.file.Path file = SupportedUrls.sqliteFile(connection.url());
        return file == null ? new NoLock() : new FileLock(file); // in memory: private to this process
    }
}
