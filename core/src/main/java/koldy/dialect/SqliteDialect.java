package koldy.dialect;

import java.util.Map;

import javax.sql.DataSource;

import koldy.config.ConnectionConfig;
import koldy.config.SupportedUrls;
import koldy.lock.FileLock;
import koldy.lock.NoLock;
import koldy.lock.RunLock;

/** SQLite: transactional DDL, a file per database (created by the first connection), a file lock. */
final class SqliteDialect implements Dialect {

    private final HistorySql history = new SqliteHistorySql();


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

    @Override
    public java.nio.file.Path fileToCreate(ConnectionConfig connection) {
        java.nio.file.Path file = SupportedUrls.sqliteFile(connection.url());
        return file != null && !java.nio.file.Files.exists(file) ? file : null;
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
    public HistorySql history() {
        return history;
    }

    @Override
    public RunLock runLock(ConnectionConfig connection, DataSource dataSource, String table, String tenant) {
        java.nio.file.Path file = SupportedUrls.sqliteFile(connection.url());
        return file == null ? new NoLock() : new FileLock(file); // in memory: private to this process
    }
}
