package koldy.db;

import java.util.ServiceLoader;

import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * HikariCP, koldy's pool, logs through SLF4J. In an application without an SLF4J provider, SLF4J
 * would print three "No SLF4J providers were found" lines on stderr when the first pool starts,
 * and then log nothing anyway: a library that promises a quiet start-up keeps that notice back.
 * An application that has a provider, has started SLF4J already, or set SLF4J's own verbosity,
 * is left alone.
 */
final class QuietSlf4j {

    private static final String VERBOSITY = "slf4j.internal.verbosity";
    private static boolean checked;

    private QuietSlf4j() {
    }

    static synchronized void whenNoProvider() {
        if (checked) {
            return;
        }
        checked = true;
        try {
            if (System.getProperty(VERBOSITY) != null
                    || ServiceLoader.load(SLF4JServiceProvider.class, LoggerFactory.class.getClassLoader()).stream()
                            .findAny().isPresent()) {
                return;
            }
        } catch (LinkageError | java.util.ServiceConfigurationError e) {
            return; // a host that shows SLF4J's API but not its SPI (a Maven plugin's realm) logs already
        }
        // SLF4J reads its verbosity once, as it starts; the property is not left behind.
        System.setProperty(VERBOSITY, "ERROR");
        try {
            LoggerFactory.getILoggerFactory();
        } finally {
            System.clearProperty(VERBOSITY);
        }
    }
}
