package koldy;

import java.time.Duration;

/**
 * What a run reports as it goes, as data. Each event also says the line the command line prints
 * for it ({@link #message()}, Koldy PHP's words where Koldy PHP has them), so a tool that shows
 * runs (the Maven plugin, the Spring Boot starter) can print it as it is, or use the fields.
 */
public sealed interface RunEvent {

    /** The line the command line prints for this event. */
    String message();

    /** Whether the command line shows it as a warning. */
    default boolean warning() {
        return false;
    }

    /**
     * The run works on this database: said once, when its connection is first used, so that a
     * reader knows which one after switching with {@code KOLDY_*} variables (the URL without secrets).
     */
    record Database(String connection, String url, String product) implements RunEvent {
        @Override
        public String message() {
            return "Database: " + url + " (" + product + ")";
        }
    }

    /** A migration was applied and recorded ({@code up}), or reverted and its record removed. */
    record Applied(String script, boolean up, int position, int total, Duration took) implements RunEvent {
        @Override
        public String message() {
            return (up ? "Migrated " : "Rolled back ") + script + " (" + position + "/" + total + ") in "
                    + seconds(took);
        }
    }

    /**
     * A migration has been running for {@code elapsed}; said every progress interval.
     *
     * @param waitingFor the sessions it waits for, holding a lock it needs, as the database names
     *                   them (another run's open transaction, or this run's own other connection);
     *                   null when it is not waiting, or the database cannot tell
     */
    record StillRunning(String script, boolean up, int position, int total, Duration elapsed, String waitingFor)
            implements RunEvent {

        public StillRunning(String script, boolean up, int position, int total, Duration elapsed) {
            this(script, up, position, total, elapsed, null);
        }

        @Override
        public String message() {
            return "Still running " + (up ? "" : "rollback of ") + script + " (" + position + "/" + total + "): "
                    + seconds(elapsed) + " so far" + (waitingFor == null ? "" : "; waiting for a lock held by "
                    + waitingFor);
        }
    }

    /** Another run holds the run lock on {@code where}; this one waits up to {@code timeout}. */
    record WaitingForLock(String where, String holder, Duration timeout) implements RunEvent {
        @Override
        public String message() {
            return "Waiting for the migration lock on " + where + (holder == null ? "" : ", held by " + holder)
                    + " (up to " + timeout.toSeconds() + " s)...";
        }
    }

    /** The run lock, waited for, is this run's. */
    record GotLock(Duration waited) implements RunEvent {
        @Override
        public String message() {
            return "Got the migration lock after " + seconds(waited) + ".";
        }
    }

    /** Anything else a run says: nothing to do, what a baseline or a repair did, a dry run's SQL. */
    record Note(String message, boolean warning) implements RunEvent {
    }

    /** A duration as koldy prints it, {@code 0.004 s}: by hand, as String.format costs more than a small migration. */
    static String seconds(Duration d) {
        long millis = (d.toNanos() + 500_000) / 1_000_000;
        String fraction = Long.toString(1000 + millis % 1000).substring(1);
        return millis / 1000 + "." + fraction + " s";
    }
}
