package koldy.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.filter.ThresholdFilter;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * The command line's log4j2 setup, built in code so the jar ships no log4j2 file that would
 * take over the logging of an application embedding koldy. Information goes to stdout, warnings
 * and errors to stderr; {@code -v} adds debug detail (SQL, connections, lock waits) with times.
 * When stdout carries a document for a program ({@code --json}), everything logged goes to stderr.
 * <p>The appenders are made directly rather than through Log4j's configuration builder, whose
 * plugin machinery cost about 20 ms of every command's start.
 */
final class Logging extends AbstractConfiguration {

    private final boolean verbose;
    private final boolean color;
    private final boolean stdoutFree;

    private Logging(boolean verbose, boolean color, boolean stdoutFree) {
        super(null, ConfigurationSource.NULL_SOURCE);
        setName("koldy-cli");
        // Log4j looks up the local host's name for ${hostName} unless it is set. No pattern here
        // uses it, and the lookup is a DNS query where the host name is not in /etc/hosts:
        // seconds on a misconfigured network (where the name resolves locally, about 5 ms).
        getProperties().put("hostName", "unknown");
        this.verbose = verbose;
        this.color = color;
        this.stdoutFree = stdoutFree;
    }

    /**
     * @param color     colour "Error:" and "Warning:" (only on a terminal, never with NO_COLOR or --no-color)
     * @param stdoutFree keep stdout for the command's own output: log information to stderr too
     */
    static void configure(boolean verbose, boolean color, boolean stdoutFree) {
        // initialize, not reconfigure: nothing has touched Log4j yet, so it starts once, with this configuration
        Configurator.initialize(new Logging(verbose, color, stdoutFree));
    }

    @Override
    protected void doConfigure() {
        String pattern = verbose ? "%d{HH:mm:ss.SSS} %-5level %m%n" : "%m%n";
        String prefix = "%level{WARN=Warning, ERROR=Error}:";
        String errorPattern = verbose ? pattern
                : (color ? "%highlight{" + prefix + "}{ERROR=bright red, WARN=yellow}" : prefix) + " %m%n";
        Appender out = console("out", stdoutFree ? ConsoleAppender.Target.SYSTEM_ERR : ConsoleAppender.Target.SYSTEM_OUT,
                pattern, false, ThresholdFilter.createFilter(Level.WARN, Filter.Result.DENY, Filter.Result.NEUTRAL));
        Appender err = console("err", ConsoleAppender.Target.SYSTEM_ERR, errorPattern, color,
                ThresholdFilter.createFilter(Level.WARN, Filter.Result.NEUTRAL, Filter.Result.DENY));
        LoggerConfig root = getRootLogger();
        root.setLevel(verbose ? Level.DEBUG : Level.INFO);
        root.addAppender(out, null, null);
        root.addAppender(err, null, null);
        // HikariCP's own messages repeat what koldy says better; in -v they help, minus its config dump.
        addLogger("com.zaxxer.hikari", new LoggerConfig("com.zaxxer.hikari", verbose ? Level.INFO : Level.OFF, true));
    }

    private Appender console(String name, ConsoleAppender.Target target, String pattern, boolean ansi, Filter filter) {
        Appender appender = ConsoleAppender.newBuilder().setName(name).setTarget(target).setFilter(filter)
                .setLayout(PatternLayout.newBuilder().withPattern(pattern).withDisableAnsi(!ansi)
                        .withConfiguration(this).build())
                .setConfiguration(this).build();
        addAppender(appender);
        return appender;
    }
}
