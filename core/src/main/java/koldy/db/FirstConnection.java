package koldy.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The connection a command opens at start, before any pool: a command that only reads (nothing
 * pending, {@code status}) reads on it and never starts HikariCP (30–40 ms of every such command);
 * a run that goes on gives it to the pool as the pool's first connection, so nothing connects
 * twice. One user at a time: a reader takes it and gives it back, the pool takes it for good.
 */
final class FirstConnection {

    /** As HikariCP does: a connection used this recently is taken as alive; an older one is asked. */
    private static final long TRUSTED_FOR_NANOS = 500_000_000L;

    private final CompletableFuture<Connection> opening = new CompletableFuture<>();
    /** The driver it was opened with, for the pool to use too (the driver is looked up once). */
    private DriverDataSource source;
    /** When it was opened or last given back ({@link System#nanoTime()}). */
    private long lastUsed;
    private boolean inUse;
    private boolean pooled;
    private boolean closed;

    /** Opens it, on the calling thread; a failure is kept for whoever takes it. */
    void open(java.util.function.Supplier<DriverDataSource> driver) {
        try {
            DriverDataSource found = driver.get();
            synchronized (this) {
                source = found;
            }
            Connection connection = found.newConnection();
            synchronized (this) {
                lastUsed = System.nanoTime();
            }
            opening.complete(connection); // close() waits for this, then closes it
        } catch (SQLException | RuntimeException | LinkageError e) {
            opening.completeExceptionally(e);
        }
    }

    /**
     * Waits for it to open and takes it to read on, or gives null when it is in use or the pool has
     * it (borrow from the pool then).
     *
     * @throws SQLException the driver's reason it could not be opened
     */
    Connection takeToRead() throws SQLException {
        Connection connection;
        try {
            connection = opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException failed) {
                throw failed;
            }
            if (e.getCause() instanceof RuntimeException failed) {
                throw failed;
            }
            throw (Error) e.getCause();
        }
        synchronized (this) {
            if (inUse || pooled || closed || !alive(connection)) {
                return null;
            }
            inUse = true;
            return connection;
        }
    }

    /** The driver it was opened with, or null while that is still being looked up (or failed). */
    synchronized DriverDataSource source() {
        return source;
    }

    /** Given back by the reader that took it. */
    synchronized void giveBack() {
        inUse = false;
        lastUsed = System.nanoTime();
    }

    /**
     * Whether it can still be used: a library's {@code Koldy} may read again long after it was
     * opened, when a server restart or an idle timeout has ended its session. One that is not is
     * closed, and the pool connects afresh.
     */
    private boolean alive(Connection connection) {
        if (System.nanoTime() - lastUsed < TRUSTED_FOR_NANOS) {
            return true;
        }
        try {
            if (connection.isValid(2)) {
                return true;
            }
        } catch (SQLException e) {
            // not alive
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            // it is gone already
        }
        return false;
    }

    /**
     * For the pool: the connection, if it is open and free, from now on the pool's; else null (the
     * pool connects itself). Never waits: a pool made while it still opens connects on its own.
     */
    synchronized Connection takeForPool() {
        Connection connection = opening.getNow(null);
        if (connection == null || inUse || pooled || closed || !alive(connection)) {
            return null;
        }
        pooled = true;
        return connection;
    }

    /**
     * Closes it unless the pool has it (then the pool closes it). One still opening is waited for:
     * a command that stops early must not leave the opener behind it creating a SQLite file (or a
     * session) after the command has ended.
     */
    void close() {
        synchronized (this) {
            if (closed || pooled) {
                closed = true;
                return;
            }
            closed = true;
        }
        try {
            opening.join().close();
        } catch (CompletionException | SQLException e) {
            // it never opened, or it is going away anyway
        }
    }
}
