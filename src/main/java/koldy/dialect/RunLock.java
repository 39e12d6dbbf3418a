package koldy.dialect;

import java.sql.SQLException;

/** A database-wide lock held for one whole migrate, rollback or repair run. */
public interface RunLock extends AutoCloseable {

    /** Tries once, without waiting. */
    boolean tryAcquire() throws SQLException;

    /** Who holds the lock now, for a waiting user ("pid 1234 on host app-2"), or null if unknown. */
    String describeHolder();

    /** Releases the lock if held and frees what it used; safe to call twice. */
    @Override
    void close();
}
