package koldy.util;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.message.ParameterizedMessage;

/**
 * koldy's own log lines, on a named Log4j 2 logger that is made only when a line is logged.
 * Log4j is koldy's logging library, for an application's logs and the command line's {@code -v};
 * but starting its core costs a command about 90 ms, most of a command that has nothing to do.
 * So the command line, when it is not verbose, prints its lines itself through a {@link Printer}
 * and Log4j never starts; everywhere else these lines go to Log4j, as they always did.
 */
public final class Log {

    public enum Level { DEBUG, INFO, WARN, ERROR }

    /** Prints lines instead of Log4j: the command line's console. */
    public interface Printer {
        boolean shows(Level level);

        void print(Level level, String line);
    }

    /** null: Log4j. Set once, before anything logs. */
    private static volatile Printer printer;

    private final String name;
    private volatile Logger logger;

    private Log(String name) {
        this.name = name;
    }

    public static Log named(String name) {
        return new Log(name);
    }

    public static Log of(Class<?> type) {
        return new Log(type.getName());
    }

    /** Lines go to this printer from now on instead of Log4j. */
    public static void printTo(Printer console) {
        printer = console;
    }

    public boolean enabled(Level level) {
        Printer console = printer;
        if (console != null) {
            return console.shows(level);
        }
        return logger().isEnabled(log4j(level));
    }

    public void debug(String pattern, Object... arguments) {
        log(Level.DEBUG, pattern, arguments);
    }

    public void info(String pattern, Object... arguments) {
        log(Level.INFO, pattern, arguments);
    }

    public void warn(String pattern, Object... arguments) {
        log(Level.WARN, pattern, arguments);
    }

    public void error(String pattern, Object... arguments) {
        log(Level.ERROR, pattern, arguments);
    }

    /** One line; {@code {}} in the pattern takes the arguments in turn, as Log4j's own calls do. */
    public void log(Level level, String pattern, Object... arguments) {
        Printer console = printer;
        if (console != null) {
            if (console.shows(level)) {
                console.print(level, arguments.length == 0 ? pattern : ParameterizedMessage.format(pattern, arguments));
            }
            return;
        }
        org.apache.logging.log4j.Level to = log4j(level);
        if (arguments.length == 0) {
            logger().log(to, pattern); // a line as it is, braces and backslashes included
        } else {
            logger().log(to, pattern, arguments);
        }
    }

    private static org.apache.logging.log4j.Level log4j(Level level) {
        return switch (level) {
            case DEBUG -> org.apache.logging.log4j.Level.DEBUG;
            case INFO -> org.apache.logging.log4j.Level.INFO;
            case WARN -> org.apache.logging.log4j.Level.WARN;
            case ERROR -> org.apache.logging.log4j.Level.ERROR;
        };
    }

    private Logger logger() {
        Logger made = logger;
        if (made == null) {
            made = LogManager.getLogger(name);
            logger = made;
        }
        return made;
    }
}
