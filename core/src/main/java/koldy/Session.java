package koldy;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The run a migration's {@link Db} and {@link Query} work in: its connections, inside the
 * migration's transaction, and whether it is a dry run. koldy's runner provides one for as long
 * as a migration runs; a migration never implements or calls this itself.
 */
public interface Session {

    /** In a dry run, statements are recorded instead of executed, and reads return no rows. */
    boolean dryRun();

    /** Told of every statement before it runs (or, in a dry run, instead of running it). */
    void statement(String connection, String sql, int parameterCount, boolean reads);

    /** The connection {@code Db.query()} uses: the migration's own, or the default one. */
    String defaultConnectionName();

    /** The named connection, in this migration's transaction. */
    Connection connection(String name) throws SQLException;

    /**
     * Told of each statement a migration builds ({@code Db.query(...)}, {@code Db.insert(...)}),
     * and then of it running, so that one built and never run (no {@code .exec()}) is reported
     * instead of recording a migration that did less than it says. Its {@code toString()} says
     * what it is and where it was built.
     */
    default void built(Object statement) {
    }

    /** See {@link #built}. */
    default void ran(Object statement) {
    }

    /** The session of the migration running on this thread. */
    static Session current() {
        Session session = CurrentSession.ON_THREAD.get();
        if (session == null) {
            throw new IllegalStateException("Db.query() can only be used while koldy runs a migration");
        }
        return session;
    }

    /** For koldy's runner: the session of the migration now running on this thread; null when it ends. */
    static void runningOnThisThread(Session session) {
        if (session == null) {
            CurrentSession.ON_THREAD.remove();
        } else {
            CurrentSession.ON_THREAD.set(session);
        }
    }
}

/** Where {@link Session#current()} finds the session: one per thread that runs a migration. */
final class CurrentSession {

    static final ThreadLocal<Session> ON_THREAD = new ThreadLocal<>();

    private CurrentSession() {
    }

    /**
     * Tells the session running on this thread, if any, that a statement was built, and gives
     * where in the migration it was built ("1700000100_Seed.java:12"), or null outside a migration.
     */
    static String built(Object statement) {
        Session session = ON_THREAD.get();
        if (session == null) {
            return null;
        }
        // a migration's own call is a few frames up; koldy's SQL files' statements find none in
        // the first few, and the walk stops there (it costs microseconds per statement, not more)
        String where = StackWalker.getInstance().walk(frames -> frames.limit(12)
                .filter(frame -> !frame.getClassName().startsWith("koldy."))
                .findFirst().map(frame -> frame.getFileName() + ":" + frame.getLineNumber()).orElse(null));
        session.built(statement);
        return where;
    }
}
