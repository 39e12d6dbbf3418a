package koldy.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.commons.cli.CommandLine;

import koldy.Advice;
import koldy.KoldyException;
import koldy.RunEvent;
import koldy.config.Config;
import koldy.config.ConfigLoader;
import koldy.dialect.SqliteNativeLibrary;
import koldy.library.Koldy;
import koldy.util.Log;

/** One parsed command line: the project it runs on, its options, and the environment. */
final class Invocation {

    static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(300);

    private final Path root;
    /** --wait: how long to wait for a database that is still starting; null: not at all. */
    private final Duration wait;
    private final Path configFile;
    private final CommandLine line;
    private final Map<String, String> environment;
    /** --tenant: the one tenant this command works on, or null. */
    private final String tenant;

    Invocation(Path root, Path configFile, CommandLine line, Map<String, String> environment, Duration wait,
               String tenant) {
        this.wait = wait;
        this.tenant = tenant;
        this.root = root;
        this.configFile = configFile;
        this.line = line;
        this.environment = environment;
    }

    Path root() {
        return root;
    }

    String tenant() {
        return tenant;
    }

    String displayPath(Path path) {
        return Config.display(root, path);
    }

    String displayPath(koldy.MigrationFile file) {
        return Config.display(root, file);
    }

    CommandLine line() {
        return line;
    }

    List<String> arguments() {
        return line.getArgList();
    }

    private static final Log EVENTS = Log.named("koldy");

    Config config() {
        return new ConfigLoader(environment).load(root, configFile);
    }

    /** Runs an operation of the library API, configured from this command line; closes it after. */
    <T> T withKoldy(java.util.function.Function<Koldy, T> operation) {
        SqliteNativeLibrary.enableCache(cacheDirectory()); // this JVM is the command line's own
        try (Koldy koldy = Koldy.configure().projectRoot(root).configFile(configFile).environment(environment)
                .cacheDirectory(cacheDirectory()).lockTimeout(lockTimeout()).progressInterval(progressInterval())
                .advice(Advice.COMMAND_LINE).listener(Invocation::print).tenant(tenant)
                .build()) {
            if (wait != null) {
                koldy.waitForDatabase(wait);
            }
            return operation.apply(koldy);
        }
    }

    /** A run's event as the command line's line (printed directly, or through Log4j with -v). */
    static void print(RunEvent event) {
        Log.Level level = event.warning() ? Log.Level.WARN : Log.Level.INFO;
        if (EVENTS.enabled(level)) {
            EVENTS.log(level, event.message());
        }
    }

    /** {@code --force}, {@code --force=true}: force; {@code --force=false}: not (unlike Koldy PHP). */
    Map<String, String> environment() {
        return environment;
    }

    boolean flag(String name) {
        if (!line.hasOption(name)) {
            return false;
        }
        String value = line.getOptionValue(name);
        if (value == null) {
            return true;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw KoldyException.usage("--" + name + "=" + value + ": expected true or false.");
        };
    }

    /** A timestamp option such as --to, or null when absent. */
    Long timestamp(String option) {
        String value = line.getOptionValue(option);
        return value == null ? null : parseTimestamp("--" + option, value);
    }

    static long parseTimestamp(String what, String value) {
        try {
            long timestamp = Long.parseLong(value.trim());
            if (timestamp >= 0) {
                return timestamp;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw KoldyException.usage(what + " takes a migration timestamp (the number a migration file starts with),"
                + " not '" + value + "'.");
    }

    /** A count such as rollback's N: 1 or more. */
    static int parseCount(String command, String value) {
        try {
            int count = Integer.parseInt(value.trim());
            if (count >= 1) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw KoldyException.usage(command + " takes the number of migrations, 1 or more; '" + value
                + "' is not one. Example: koldy " + command + " 5");
    }

    private Duration lockTimeout() {
        String value = line.getOptionValue("lock-timeout");
        return value == null ? DEFAULT_LOCK_TIMEOUT : seconds("--lock-timeout", value);
    }

    /** --wait as given, or null. */
    Duration waitOption() {
        return wait;
    }

    /** A number of seconds, 0 or more, given for an option. */
    static Duration seconds(String option, String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw KoldyException.usage(option + " takes a number of seconds (0 or more), not '" + value + "'.");
        }
    }

    /** KOLDY_PROGRESS_SECONDS: how often a long migration is reported as still running (0: never). */
    private Duration progressInterval() {
        String value = environment.get("KOLDY_PROGRESS_SECONDS");
        if (value == null || value.isBlank()) {
            return Duration.ofSeconds(10);
        }
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException e) {
            throw KoldyException.config("KOLDY_PROGRESS_SECONDS must be a number of seconds, not '" + value + "'.");
        }
    }

    /** Compiled migrations are kept under the project (or KOLDY_CACHE_DIR), keyed by content. */
    private Path cacheDirectory() {
        String override = environment.get("KOLDY_CACHE_DIR");
        return override != null && !override.isBlank() ? root.resolve(override)
                : root.resolve("storage").resolve("koldy-cache");
    }
}
