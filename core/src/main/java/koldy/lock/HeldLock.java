package koldy.lock;

import java.sql.SQLException;
import java.time.Duration;

import koldy.KoldyException;
import koldy.RunEvent;
import koldy.RunListener;
import koldy.KoldyException.Reason;
import koldy.util.Log;

/**
 * A run lock taken for one run: waited for up to a timeout, kept alive while the run works (a
 * session or lease that sits idle through a long migration is what servers, proxies and firewalls
 * end), and verified, never assumed, before each step that must not run twice.
 */
public final class HeldLock implements AutoCloseable {

    /** How often an idle lock is checked (and a lease renewed) while a migration runs. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(5);

    private static final Log LOG = Log.named("koldy");

    private final RunLock lock;
    private final String where;
    private final Thread keepAlive;
    private volatile LockLostException lost;

    private HeldLock(RunLock lock, String where) {
        this.lock = lock;
        this.where = where;
        this.keepAlive = new Thread(this::keepAlive, "koldy-lock-keep-alive");
        keepAlive.setDaemon(true);
        keepAlive.start();
    }

    /**
     * Waits for the lock, telling the user once who holds it, and gives up with exit 3 after
     * {@code timeout}. The caller closes what it gets back; on failure the lock is closed here.
     *
     * @param where      names the lock for messages: "connection 'default'"
     * @param waitLonger how the reader waits longer, for the message that gives up ("--lock-timeout SECONDS")
     */
    public static HeldLock acquire(RunLock lock, Duration timeout, String where, RunListener listener,
                                   String waitLonger) throws SQLException {
        try {
            waitFor(lock, timeout, where, listener, waitLonger);
        } catch (SQLException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return new HeldLock(lock, where);
    }

    private static void waitFor(RunLock lock, Duration timeout, String where, RunListener listener, String waitLonger)
            throws SQLException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long pause = 50;
        boolean announced = false;
        while (!lock.tryAcquire()) {
            String holder = lock.describeHolder();
            if (System.nanoTime() >= deadline) {
                throw KoldyException.refused(Reason.LOCK_TIMEOUT, "Gave up after "
                        + timeout.toSeconds() + " s waiting for the migration lock on " + where
                        + (holder == null ? "" : ", held by " + holder)
                        + ". Another koldy run is still busy; nothing was run. Retry later, or wait longer with "
                        + waitLonger + ".");
            }
            if (!announced) {
                listener.on(new RunEvent.WaitingForLock(where, holder, timeout));
                announced = true;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw KoldyException.refused(Reason.LOCK_TIMEOUT,
                        "Interrupted while waiting for the migration lock.");
            }
            pause = Math.min(pause * 2, 500);
        }
        if (announced) {
            listener.on(new RunEvent.GotLock(Duration.ofNanos(System.nanoTime() - started)));
        } else {
            LOG.debug("Took the migration lock on {}", where);
        }
    }

    /**
     * Confirms the lock is still this run's.
     *
     * @throws LockLostException when it is not, saying why; the run must stop before its next step
     */
    public void verify() throws LockLostException {
        LockLostException already = lost;
        if (already != null) {
            throw already;
        }
        try {
            lock.verify();
        } catch (LockLostException e) {
            lost = e;
            throw e;
        }
    }

    /** The lock's {@link RunLock#fence}, or null when it has none or is known to be lost. */
    public String fence() {
        return lost == null ? lock.fence() : null;
    }

    /** Names the lock for messages: "connection 'default'". */
    public String where() {
        return where;
    }

    private void keepAlive() {
        try {
            while (lost == null) {
                Thread.sleep(KEEP_ALIVE.toMillis());
                try {
                    lock.verify();
                } catch (LockLostException e) {
                    lost = e;
                    LOG.debug("The migration lock on {} was lost: {}", where, e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    @Override
    public void close() {
        keepAlive.interrupt();
        try {
            keepAlive.join(KEEP_ALIVE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.close();
    }
}
