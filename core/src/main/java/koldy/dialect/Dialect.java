package koldy.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import koldy.config.ConnectionConfig;
import koldy.lock.RunLock;

/**
 * Everything koldy needs to know about one kind of database, and nothing more: its driver, how
 * it splits statements and whether DDL is transactional, its history tables' SQL
 * ({@link HistorySql}), its sessions ({@link Sessions}), and how to take the run lock. The runner
 * never names a database; it asks its dialect.
 */
public interface Dialect {

    /** A name for messages, e.g. "PostgreSQL". */
    String name();

    /** How statements are quoted and commented, for splitting SQL files into statements. */
    SqlSyntax sqlSyntax();

    /** Whether CREATE/ALTER/DROP roll back with the transaction they ran in. */
    boolean transactionalDdl();

    /** The history tables in this database's SQL. */
    HistorySql history();

    /**
     * The file a first connection creates, while it does not exist yet (SQLite's); null where a
     * connection creates nothing. A command that only reads never creates a database.
     */
    default java.nio.file.Path fileToCreate(ConnectionConfig connection) {
        return null;
    }

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
