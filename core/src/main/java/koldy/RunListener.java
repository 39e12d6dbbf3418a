package koldy;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Told of each {@link RunEvent} as a run goes. The default, {@link #LOG}, writes each event's
 * line to the Log4j API logger {@code koldy}, which is what the command line prints.
 */
@FunctionalInterface
public interface RunListener {

    void on(RunEvent event);

    /** Each event's line on the logger {@code koldy}: INFO, or WARN for a warning. */
    RunListener LOG = new RunListener() {
        private final Logger logger = LogManager.getLogger("koldy");

        @Override
        public void on(RunEvent event) {
            if (event.warning()) {
                logger.warn(event.message());
            } else {
                logger.info(event.message());
            }
        }
    };
}
