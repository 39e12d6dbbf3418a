package koldy.dialect;

import java.sql.Connection;
import java.sql.SQLException;

/** PostgreSQL's sessions: RESET, roles, pg_blocking_pids, lock_timeout, pg_cancel_backend. */
final class PostgresSessions implements Sessions {

    static final PostgresSessions INSTANCE = new PostgresSessions();

    private PostgresSessions() {
    }

    @Override
    public void resetSession(Connection connection) throws SQLException {
        // Back to the session defaults, which include the URL's currentSchema and options=-c ...
        // RESET ALL leaves the role and the session user alone: restoreIdentity puts them back.
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute(RESET_IDENTITY + "; RESET ALL");
        }
    }

    /** Back to the user and role the connection logged in with (a role from the URL's options too). */
    private static final String RESET_IDENTITY = "RESET SESSION AUTHORIZATION; RESET ROLE";

    @Override
    public void restoreIdentity(Connection connection) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute(RESET_IDENTITY);
        }
    }

    @Override
    public Long sessionId(Connection connection) throws SQLException {
        return (long) connection.unwrap(org.postgresql.PGConnection.class).getBackendPID();
    }

    /** pg_blocking_pids: whoever holds a lock they wait for, a row's or a table's (a DDL's) alike. */
    @Override
    public java.util.Map<Long, String> blockers(Connection observer, java.util.Collection<Long> waiting)
            throws SQLException {
        java.util.Map<Long, String> found = new java.util.LinkedHashMap<>();
        try (java.sql.Statement statement = observer.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("SELECT b.pid, 'backend ' || b.pid"
                     + " || coalesce(' (' || nullif(b.application_name, '') || ')', '') || coalesce(', ' || b.usename, '')"
                     + " || coalesce(' from ' || host(b.client_addr), '') || ', ' || coalesce(b.state, 'unknown')"
                     + " || coalesce(' since ' || to_char(b.state_change AT TIME ZONE 'UTC', 'HH24:MI:SS') || ' UTC', '')"
                     + " || coalesce(', last: ' || left(regexp_replace(b.query, '\\s+', ' ', 'g'), 80), '')"
                     + " FROM pg_stat_activity b WHERE b.pid IN (SELECT unnest(pg_blocking_pids(w))"
                     + " FROM unnest(ARRAY[" + Sessions.idList(waiting) + "]::int[]) AS w)")) {
            while (rows.next()) {
                found.put(rows.getLong(1), rows.getString(2));
            }
        }
        return found;
    }

    @Override
    public boolean boundLockWaits(Connection connection, java.time.Duration timeout, boolean inTransaction)
            throws SQLException {
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SET " + (inTransaction ? "LOCAL " : "") + "lock_timeout = " + timeout.toMillis());
        }
        return !inTransaction;
    }

    /** lock_not_available: lock_timeout ran out. */
    @Override
    public boolean isLockTimeout(SQLException e) {
        return "55P03".equals(e.getSQLState());
    }

    @Override
    public void cancel(Connection observer, long session) throws SQLException {
        try (java.sql.Statement statement = observer.createStatement()) {
            statement.execute("SELECT pg_cancel_backend(" + session + ")");
        }
    }
}
