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
     * Brings a session back to the state its connection was configured with (session settings,
     * {@code search_path}, the current database), after a migration that may have changed it.
     * Called outside any transaction.
     */
    default void resetSession(Connection connection) throws SQLException {
        // SQLite: nothing a migration can change lives past its statement but PRAGMAs on the file
    }

    /**
     * Puts back the identity (role, session user) the connection had, after a migration that may
     * have switched it, inside the migration's transaction: its history row is written, and the
     * next migration runs, with the connection's rights, not those of a role the migration chose.
     */
    default void restoreIdentity(Connection connection) throws SQLException {
        // SQLite has no roles
    }

    /**
     * The server's id of a connection's session (PostgreSQL's backend pid, MySQL's connection id),
     * as the driver knows it without a query; null where there is none.
     */
    default Long sessionId(Connection connection) throws SQLException {
        return null;
    }

    /**
     * The sessions that block the {@code waiting} ones now (they wait on a lock those hold), by id,
     * each described for a user; asked on another session, {@code observer}. Empty when none, or
     * where the database cannot tell.
     */
    default java.util.Map<Long, String> blockers(Connection observer, java.util.Collection<Long> waiting)
            throws SQLException {
        return java.util.Map.of();
    }

    /**
     * Bounds how long the session's statements wait for a lock (migrations.lock_timeout), for
     * one migration: in its transaction where it has one, else for the session.
     *
     * @return whether the session's own settings changed (then it is reset after the migration)
     */
    default boolean boundLockWaits(Connection connection, java.time.Duration timeout, boolean inTransaction)
            throws SQLException {
        return false; // SQLite waits for its file lock, which no other session's DDL holds for long
    }

    /** Whether the error is a statement giving up waiting for a lock, as {@link #boundLockWaits} bounds it. */
    default boolean isLockTimeout(SQLException e) {
        return false;
    }

    /** Cancels the statement a session is running (it fails; its session stays), asked on {@code observer}. */
    default void cancel(Connection observer, long session) throws SQLException {
        throw new SQLException("cannot cancel another session's statement on this database");
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
     */
    RunLock runLock(ConnectionConfig connection, DataSource dataSource, String table) throws SQLException;

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
