package koldy.migrate;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import koldy.RunEvent;
import koldy.RunListener;

/**
 * Says "still running" about a migration that takes longer than the interval, every interval.
 * One daemon thread per run, started only when a run has something to execute; each migration
 * just records that it started, so a thousand quick migrations cost nothing.
 */
final class ProgressReporter implements AutoCloseable {

    private final long intervalNanos;
    private final RunListener listener;
    private final java.util.function.Supplier<String> waitingFor;
    private ScheduledExecutorService timer;
    private volatile Running current;
    private volatile long startedNanos;
    private long reportedNanos;

    /** Which migration is running, and where in the run. */
    private record Running(String script, boolean up, int position, int total) {
    }

    /** @param waitingFor who the running migration waits for, asked when it is said to be still running */
    ProgressReporter(Duration interval, RunListener listener, java.util.function.Supplier<String> waitingFor) {
        this.intervalNanos = interval == null ? 0 : interval.toNanos();
        this.listener = listener;
        this.waitingFor = waitingFor;
    }

    /** A migration begins: the {@code position}th of {@code total}, applied ({@code up}) or reverted. */
    void started(String script, boolean up, int position, int total) {
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
        current = new Running(script, up, position, total);
    }

    void finished() {
        current = null;
    }

    private synchronized void tick() {
        Running running = current;
        if (running == null) {
            reportedNanos = 0;
            return;
        }
        long elapsed = System.nanoTime() - startedNanos;
        if (elapsed - reportedNanos >= intervalNanos) {
            reportedNanos = elapsed - elapsed % intervalNanos;
            listener.on(new RunEvent.StillRunning(running.script(), running.up(), running.position(), running.total(),
                    Duration.ofNanos(elapsed), waitingFor()));
        }
    }

    private String waitingFor() {
        try {
            return waitingFor == null ? null : waitingFor.get();
        } catch (RuntimeException e) {
            return null; // who blocks is a courtesy: not knowing is no reason to stop saying "still running"
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
