package koldy.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import koldy.KoldyException;
import koldy.config.Secrets;

/**
 * The command line's entry point: arguments in, exit code out. Nothing below this class calls
 * {@code System.exit}. User mistakes print one clear message; stack traces only with {@code -v}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    public static int run(String[] args, Map<String, String> environment) {
        boolean verbose = Arrays.stream(args).anyMatch(a -> a.equals("-v") || a.equals("--verbose"));
        // Colours only on a terminal, and never when asked not to (https://no-color.org).
        String noColor = environment.get("NO_COLOR");
        boolean color = System.console() != null && (noColor == null || noColor.isEmpty())
                && Arrays.stream(args).noneMatch("--no-color"::equals);
        Logging.configure(verbose, color); // before any logger exists, so no default configuration is ever used
        Logger log = LogManager.getLogger("koldy");
        if (args.length == 1 && args[0].equals("cds-training")) { // the launcher's, not a user's command
            return CdsTraining.run();
        }
        try {
            return new CommandLineInterface().run(args, environment);
        } catch (KoldyException e) {
            log.error(e.getMessage());
            if (verbose && e.getCause() != null) {
                log.debug("Cause:", e.getCause());
            }
            return e.exitCode();
        } catch (RuntimeException | LinkageError e) {
            log.error("Unexpected error: {}{}", Secrets.mask(e.toString(), List.of()),
                    verbose ? "" : " (run with -v for details)");
            if (verbose) {
                log.debug("Stack trace:", e);
            }
            return KoldyException.MIGRATION_FAILED;
        }
    }
}
