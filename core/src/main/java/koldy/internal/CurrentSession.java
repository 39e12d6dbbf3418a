package koldy.internal;

/**
 * Where a migration's {@code Db.query(...)} finds its {@link Session}: the runner sets one per
 * thread for as long as a migration runs on it.
 */
public final class CurrentSession {

    private static final ThreadLocal<Session> ON_THREAD = new ThreadLocal<>();

    private CurrentSession() {
    }

    /** The session of the migration running on this thread. */
    public static Session get() {
        Session session = ON_THREAD.get();
        if (session == null) {
            throw new IllegalStateException("Db.query() can only be used while koldy runs a migration");
        }
        return session;
    }

    /** For koldy's runner: the session of the migration now running on this thread; null when it ends. */
    public static void runningOnThisThread(Session session) {
        if (session == null) {
            ON_THREAD.remove();
        } else {
            ON_THREAD.set(session);
        }
    }

    /**
     * Tells the session running on this thread, if any, that a statement was built, and gives
     * where in the migration it was built ("1700000100_Seed.java:12"), or null outside a migration.
     */
    public static String built(Object statement) {
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
