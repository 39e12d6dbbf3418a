package koldy.migrate;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import koldy.KoldyException;

/**
 * A migration cannot end a run as a success. A JVM that shuts down while migrations are under way
 * ({@code System.exit(0)} in one of them, or a signal) ends with exit 1 and names them, whatever
 * runs koldy: the command line, a Maven build, an application starting up. Installed when the
 * first migration of the process starts; it writes to stderr directly, as logging may be shut
 * down already.
 */
final class ExitGuard {

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private ExitGuard() {
    }

    static void install() {
        if (!INSTALLED.get() && INSTALLED.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(ExitGuard::stopsInAMigration, "koldy-exit-guard"));
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already ending: there is no run left to guard
            }
        }
    }

    private static void stopsInAMigration() {
        List<String> scripts = MigrationSession.inFlight();
        if (scripts.isEmpty()) {
            return;
        }
        boolean one = scripts.size() == 1;
        String named = String.join(", ", scripts);
        System.err.println("Error: The process was ended while migration" + (one ? " " : "s ") + named
                + (one ? " was" : " were") + " running (System.exit() in " + (one ? "the migration" : "one of them")
                + ", or a signal), so the run stopped there: " + named + (one ? " did" : " each did")
                + " not complete. Run koldy status to see what is recorded.");
        System.err.flush();
        Runtime.getRuntime().halt(KoldyException.MIGRATION_FAILED);
    }
}
