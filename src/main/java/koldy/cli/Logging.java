package koldy.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * The command line's log4j2 setup, built in code so the jar ships no log4j2 file that would
 * take over the logging of an application embedding koldy. Information goes to stdout, warnings
 * and errors to stderr; {@code -v} adds debug detail (SQL, connections, lock waits) with times.
 * When stdout carries a document for a program ({@code --json}), everything logged goes to stderr.
 */
final class Logging {

    private Logging() {
    }

    /**
     * @param color     colour "Error:" and "Warning:" (only on a terminal, never with NO_COLOR or --no-color)
     * @param stdoutFree keep stdout for the command's own output: log information to stderr too
     */
    static void configure(boolean verbose, boolean color, boolean stdoutFree) {
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setStatusLevel(Level.ERROR);
        b.setConfigurationName("koldy-cli");
        String pattern = verbose ? "%d{HH:mm:ss.SSS} %-5level %m%n" : "%m%n";
        String prefix = "%level{WARN=Warning, ERROR=Error}:";
        String errorPattern = verbose ? pattern
                : (color ? "%highlight{" + prefix + "}{ERROR=bright red, WARN=yellow}" : prefix) + " %m%n";

        AppenderComponentBuilder out = b.newAppender("out", "Console")
                .addAttribute("target", stdoutFree ? ConsoleAppender.Target.SYSTEM_ERR : ConsoleAppender.Target.SYSTEM_OUT)
                .add(b.newLayout("PatternLayout").addAttribute("pattern", pattern).addAttribute("disableAnsi", true))
                .add(b.newFilter("ThresholdFilter", Filter.Result.DENY, Filter.Result.NEUTRAL)
                        .addAttribute("level", Level.WARN));
        AppenderComponentBuilder err = b.newAppender("err", "Console")
                .addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
                .add(b.newLayout("PatternLayout").addAttribute("pattern", errorPattern)
                        .addAttribute("disableAnsi", !color))
                .add(b.newFilter("ThresholdFilter", Filter.Result.NEUTRAL, Filter.Result.DENY)
                        .addAttribute("level", Level.WARN));
        b.add(out);
        b.add(err);
        b.add(b.newRootLogger(verbose ? Level.DEBUG : Level.INFO)
                .add(b.newAppenderRef("out")).add(b.newAppenderRef("err")));
        // HikariCP's own messages repeat what koldy says better; in -v they help, minus its config dump.
        b.add(b.newLogger("com.zaxxer.hikari", verbose ? Level.INFO : Level.OFF).addAttribute("additivity", true));
        // initialize, not reconfigure: nothing has touched Log4j yet, so it starts once, with this configuration
        Configurator.initialize(b.build());
    }
}
