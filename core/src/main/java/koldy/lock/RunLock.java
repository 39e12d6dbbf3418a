package koldy.lock;

import java.sql.SQLException;

/**
 * A database-wide lock held for one whole migrate, rollback or repair run. Implementations keep
 * it where it dies with the process that holds it (a session, an OS file lock) or where a
 * successor can take it over after a stated time (a lease). {@link HeldLock} waits for it,
 * keeps it alive and verifies it; an implementation only knows how to try, check and let go.
 */
public interface RunLock extends AutoCloseable {

    /** Tries once, without waiting. */
    boolean tryAcquire() throws SQLException;

    /** Who holds the lock now, for a waiting user ("pid 1234 on host app-2"), or null if unknown. */
    String describeHolder();

    /**
     * Who holds the lock at this moment, asked without taking it and without writing anything, or
     * null when nobody does (or it cannot be told). {@code status}, which only reads, asks it to
     * tell a run that is still going from one that stopped half way.
     */
    default String liveHolder() {
        return null;
    }

    /**
     * Checks that this run still holds the lock (and, for a lease, extends it).
     *
     * @throws LockLostException saying why, when it does not
     */
    void verify() throws LockLostException;

    /**
     * A SQL condition, true on any session of this database exactly while this run holds the
     * lock, or null when there is none. History writes carry it, so a write made after the lock
     * was lost changes nothing, at no extra round trip. Valid once the lock is taken.
     */
    default String fence() {
        return null;
    }

    /** Releases the lock if held and frees what it used; safe to call twice. */
    @Override
    void close();
}
