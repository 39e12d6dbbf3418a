package koldy.migrate;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import koldy.util.DurationText;

/**
 * Says "still running" about a migration that takes longer than the interval, every interval.
 * One daemon thread per run, started only when a run has something to execute; each migration
 * just records that it started, so a thousand quick migrations cost nothing.
 */
final class ProgressReporter implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger("koldy");

    private final long intervalNanos;
    private ScheduledExecutorService timer;
    private volatile String current;
    private volatile long startedNanos;
    private long reportedNanos;

    ProgressReporter(Duration interval) {
        this.intervalNanos = interval == null ? 0 : interval.toNanos();
    }

    /** A migration begins; label says which, e.g. "1700000000_X (3/50)". */
    void started(String label) {
        if (intervalNanos <= 0) {
            return;
        }
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "koldy-progress");
                t.setDaemon(true);
                return t;
            });
            long tick = Math.max(intervalNanos / 10, TimeUnit.MILLISECONDS.toNanos(50));
            timer.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.NANOSECONDS);
        }
        startedNanos = System.nanoTime();
        current = label;
    }

    void finished() {
        current = null;
    }

    private synchronized void tick() {
        String label = current;
        if (label == null) {
            reportedNanos = 0;
            return;
        }
        long running = System.nanoTime() - startedNanos;
        if (running - reportedNanos >= intervalNanos) {
            reportedNanos = running - running % intervalNanos;
            LOG.info("Still running {}: {} so far", label, DurationText.seconds(Duration.ofNanos(running)));
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
