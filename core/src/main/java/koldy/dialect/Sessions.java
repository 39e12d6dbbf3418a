package koldy.dialect;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What koldy does to a database's sessions around a migration, and what it learns about them
 * while one runs: putting a session back as its connection was configured (settings, role),
 * bounding its lock waits, naming whom it waits for, and cancelling a statement that would wait
 * for ever. The defaults are SQLite's: one file, no roles, no sessions to ask about.
 */
public interface Sessions {

    Sessions NONE = new Sessions() {
    };

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

    /** Session ids, which came from the driver as numbers, as an SQL list for {@link #blockers} queries. */
    static String idList(java.util.Collection<Long> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }
}
