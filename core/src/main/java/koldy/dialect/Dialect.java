package koldy.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import koldy.config.ConnectionConfig;
import koldy.lock.RunLock;

/**
 * Everything koldy needs to know about one kind of database, and nothing more: the history
 * table's DDL in the database's own types, how to look at that table without a failing query,
 * and how to take the run lock. The runner never names a database; it asks its dialect.
 */
public interface Dialect {

    /** A name for messages, e.g. "PostgreSQL". */
    String name();

    /** How statements are quoted and commented, for splitting SQL files into statements. */
    SqlSyntax sqlSyntax();

    /** Whether CREATE/ALTER/DROP roll back with the transaction they ran in. */
    boolean transactionalDdl();

    /**
     * Statements creating the history table: Koldy PHP's columns in this database's types (with a
     * 64-bit {@code script_timestamp} and a unique {@code script}), plus {@code extraColumns},
     * a column-definition list koldy adds.
     */
    List<String> createHistoryTable(String table, String extraColumns);

    /** The type of {@code script_executed_at} in this database: Koldy PHP's. */
    String executedAtType();

    /** What follows the column list of a table koldy creates (MySQL: InnoDB, for transactions). */
    default String tableOptions() {
        return "";
    }

    /**
     * The history table as this session finds it: the schema (PostgreSQL) or database (MySQL) the
     * session is in, null where there is no such thing, and the table's columns (lower-case name
     * → lower-case type), empty when the table does not exist. Reads the catalogue in one query;
     * never relies on a failing query.
     */
    TableShape historyTable(Connection connection, String table) throws SQLException;

    /** See {@link #historyTable}. */
    record TableShape(String schema, Map<String, String> columns) {
    }

    /**
     * The table's name qualified by a schema from {@link #historyTable}, so that a migration that
     * changes the session's {@code search_path} (every pg_dump does) or runs {@code USE} cannot
     * move the bookkeeping to another table.
     */
    default String qualified(String schema, String table) {
        return schema == null ? table : '"' + schema.replace("\"", "\"\"") + "\"." + table;
    }

    /**
     * Statements widening an existing table's {@code script_timestamp} to 64 bits, when its type
     * (as {@link #historyTable} reports it) is narrower; Koldy PHP created it as a 32-bit int.
     */
    List<String> widenTimestamp(String table, String currentType);

    /**
     * Why this session cannot write ("PostgreSQL is in recovery: a hot standby"), or null when it
     * can. Asked before a run takes its lock, so a replica is named as one and nothing is tried.
     */
    default String readOnlyReason(Connection connection) throws SQLException {
        return connection.isReadOnly() ? "the connection is read-only" : null;
    }

    /**
     * A read that decides what runs (the history, whether the table exists, whether the server is
     * a replica), worded so that a read/write-splitting proxy sends it to the server that takes
     * the writes, not to a replica that may lag behind: a lagging replica's history would run an
     * executed migration again.
     */
    default String onPrimary(String select) {
        return select;
    }

    /** What koldy does to, and learns about, this database's sessions between and during migrations. */
    default Sessions sessions() {
        return Sessions.NONE;
    }

    /** What a SELECT of values alone needs before a WHERE ({@code FROM DUAL} on MySQL). */
    default String fromNoTable() {
        return "";
    }

    /** How the catalogue spells an unquoted table name (PostgreSQL folds it to lower case). */
    default String catalogName(String table) {
        return table;
    }

    /**
     * {@code script_executed_at} as stored: a UTC date-time, read without the JVM's time zone
     * (through {@code java.sql.Timestamp} a wall-clock time that the local zone skips at a
     * daylight-saving change would move by an hour).
     */
    default Object executedAt(java.sql.ResultSet row, int column) throws SQLException {
        return row.getObject(column, LocalDateTime.class);
    }

    /** The JDBC value stored in {@code script_executed_at} for a UTC time. */
    Object executedAtValue(LocalDateTime utc);

    /**
     * A lock that serialises koldy runs against this database, wherever they connect from. It may
     * ask the database what it is (a Galera cluster node) before choosing how to lock.
     *
     * @param tenant the tenant whose history this is, or null: tenants' histories in one database
     *               (a schema each) are locked each on its own
     */
    RunLock runLock(ConnectionConfig connection, DataSource dataSource, String table, String tenant)
            throws SQLException;

    /**
     * This database's JDBC driver, created directly: going through {@code DriverManager} would load
     * and initialise every driver in the jar, which a short command-line run pays for in start-up.
     */
    java.sql.Driver driver();

    /** Whatever must be in place before the first connection to this database (SQLite: its directory). */
    default void prepare(ConnectionConfig connection) {
    }

    /** The driver's Maven coordinates, for a message when an application lacks it. */
    String driverArtifact();

    /** Properties the driver should get on every connection (e.g. an application name). */
    default Map<String, String> driverProperties() {
        return Map.of();
    }
}
