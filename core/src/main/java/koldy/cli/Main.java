package koldy.cli;

import java.util.Arrays;
import java.util.Map;

import koldy.KoldyException;
import koldy.config.Secrets;
import koldy.util.Log;

/**
 * The command line's entry point: arguments in, exit code out. Nothing below this class calls
 * {@code System.exit}. User mistakes print one clear message; stack traces only with {@code -v}.
 */
public final class Main {

    private Main() {
    }

    /** A stack trace as text, with every secret masked: a driver's exception may quote one. */
    private static String stackTrace(Throwable e) {
        java.io.StringWriter text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return Secrets.mask(text.toString());
    }

    /**
     * Without {@code -v}, the command line prints its lines itself and Log4j never starts (about
     * 90 ms of every command). HikariCP's messages, off in this mode anyway, go to SLF4J's
     * no-operation provider instead of through Log4j.
     */
    private static void quietCommandLine(boolean color, boolean json) {
        Log.printTo(new Console(color, json));
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN"); // not "Attempting to load provider ..."
            }
        }
    }

    public static void main(String[] args) {
        int exitCode = run(args, System.getenv());
        System.exit(exitCode == 0 ? successExitCode() : exitCode);
    }

    /**
     * The code of a run that finished with nothing wrong: 0, or the one the launcher asks for in
     * KOLDY_SUCCESS_EXIT_CODE. The launcher runs the JVM as its child and turns that code back into
     * 0; a plain 0 then means the JVM ended before koldy finished (a migration's Runtime.halt(0)).
     */
    private static int successExitCode() {
        String code = System.getenv("KOLDY_SUCCESS_EXIT_CODE");
        try {
            int asked = code == null ? 0 : Integer.parseInt(code.trim());
            return asked > 3 && asked < 126 ? asked : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static int run(String[] args, Map<String, String> environment) {
        boolean verbose = Arrays.stream(args).anyMatch(a -> a.equals("-v") || a.equals("--verbose"));
        // Colours only on a terminal, and never when asked not to (https://no-color.org).
        String noColor = environment.get("NO_COLOR");
        boolean color = System.console() != null && (noColor == null || noColor.isEmpty())
                && Arrays.stream(args).noneMatch("--no-color"::equals);
        // --json: stdout is the JSON document alone, whatever else is asked (-v included).
        boolean json = Arrays.asList(args).contains("--json");
        boolean training = args.length == 1 && args[0].equals("cds-training"); // the launcher's, not a user's command
        if (verbose || training) {
            // before any logger exists, so no default configuration is ever used; the class-data
            // training starts Log4j too, so that -v finds its classes in the archive
            Logging.configure(verbose, color, json);
            Log.printTo(null); // (a test's earlier quiet run in this JVM printed itself)
        } else {
            quietCommandLine(color, json);
        }
        Log log = Log.named("koldy");
        // The PostgreSQL driver warns through java.util.logging, straight to stderr and unmasked
        // (a malformed URL's pieces); koldy reports what goes wrong itself.
        java.util.logging.LogManager.getLogManager().reset();
        if (training) {
            return CdsTraining.run();
        }
        try {
            return new CommandLineInterface().run(args, environment);
        } catch (KoldyException e) {
            log.error(Secrets.mask(e.getMessage()));
            if (verbose && e.getCause() != null) {
                log.debug("Cause: {}", stackTrace(e.getCause()));
            }
            return e.exitCode();
        } catch (RuntimeException | LinkageError e) {
            log.error("Unexpected error: {}{}", Secrets.mask(e.toString()), verbose ? "" : " (run with -v for details)");
            if (verbose) {
                log.debug("Stack trace: {}", stackTrace(e));
            }
            return KoldyException.MIGRATION_FAILED;
        }
    }
}
