package koldy.dialect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import koldy.config.ConnectionConfig;
import koldy.lock.ProcessIdentity;
import koldy.lock.RunLock;
import koldy.lock.SessionLock;

/**
 * PostgreSQL: transactional DDL; the run lock is a transaction-level advisory lock keyed by the
 * history table's name, held in a transaction left open for the whole run, which also holds
 * behind PgBouncer in transaction pooling mode.
 */
final class PostgresDialect implements Dialect {

    private final HistorySql history = new PostgresHistorySql(this);

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public SqlSyntax sqlSyntax() {
        return SqlSyntax.POSTGRES;
    }

    @Override
    public String driverArtifact() {
        return "org.postgresql:postgresql";
    }

    @Override
    public java.sql.Driver driver() {
        return new org.postgresql.Driver();
    }

    @Override
    public boolean transactionalDdl() {
        return true;
    }

    @Override
    public HistorySql history() {
        return history;
    }

    /**
     * pgpool-II sends a SELECT to a replica unless told otherwise; this comment is how it is
     * told (other servers and proxies read a comment). A replica itself is refused by readOnlyReason.
     */
    @Override
    public String onPrimary(String select) {
        return "/*NO LOAD BALANCE*/ " + select;
    }

    @Override
    public Sessions sessions() {
        return PostgresSessions.INSTANCE;
    }

    @Override
    public String readOnlyReason(Connection connection) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet row = statement.executeQuery(
                     onPrimary("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')"))) {
            row.next();
            if (row.getBoolean(1)) {
                return "the server is in recovery: a hot standby (replica)?";
            }
            return "on".equals(row.getString(2)) ? "its transactions are read-only (default_transaction_read_only"
                    + " is on: a replica, or a read-only role?)" : null;
        }
    }

    /** The lock's transaction's start, in microseconds: an integer, compared exactly. */
    private static final String TRANSACTION_START = "(extract(epoch FROM now()) * 1000000)::bigint";

    @Override
    public RunLock runLock(ConnectionConfig connection, DataSource dataSource, String table, String tenant) {
        String thisKey = " l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
                + " AND ((l.classid::bigint << 32) | l.objid::bigint) = ?";
        // A tenant's history is in its own schema of a database that many tenants share.
        long key = advisoryKey(tenant == null ? table : tenant + "." + table);
        return new SessionLock(dataSource, key, new SessionLock.Statements(SessionLock.Scope.TRANSACTION,
                // The lock's transaction sits idle for the whole run: that is its purpose.
                List.of("SET LOCAL idle_in_transaction_session_timeout = 0"),
                "SELECT pg_try_advisory_xact_lock(?)",
                "SELECT EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = pg_backend_pid() AND" + thisKey + ")",
                "SELECT coalesce(nullif(a.application_name, ''), 'backend ' || a.pid)"
                        + " || coalesce(' from ' || host(a.client_addr), '')"
                        + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE" + thisKey,
                null,
                "SELECT pg_backend_pid(), ?::bigint, " + TRANSACTION_START,
                // The lock is the holder's transaction's: held exactly while that transaction lasts,
                // which its session's activity shows (a pid reused later has another start). About
                // 0.15 ms cheaper for every history write than reading pg_locks, which collects every
                // lock on the server; that read serves where activity is not tracked (track_activities off).
                List.of("EXISTS (SELECT 1 FROM pg_catalog.pg_stat_get_activity(%1$s) a WHERE "
                                + TRANSACTION_START.replace("now()", "a.xact_start") + " = %3$s)",
                        "EXISTS (SELECT 1 FROM pg_catalog.pg_locks l WHERE l.pid = %1$s AND l.locktype = 'advisory'"
                                + " AND l.granted AND l.objsubid = 1 AND ((l.classid::bigint << 32) | l.objid::bigint) = %2$s)")));
    }

    @Override
    public Map<String, String> driverProperties() {
        // The application name is shown in pg_stat_activity, so a waiting run can say who holds
        // the lock. Unnamed statements only: a named server-side statement lives in one server
        // session, which behind PgBouncer's transaction pooling is not the client's next one.
        return Map.of("ApplicationName", "koldy " + ProcessIdentity.thisProcess(), "prepareThreshold", "0");
    }

    /** A stable 64-bit key per history table; advisory locks are already scoped to one database. */
    static long advisoryKey(String table) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("koldy:" + table.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
