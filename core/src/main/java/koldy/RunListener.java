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
        /** Made at the first event: a run told to another listener never starts Log4j for this one. */
        private volatile Logger logger;

        @Override
        public void on(RunEvent event) {
            Logger logger = this.logger;
            if (logger == null) {
                logger = LogManager.getLogger("koldy");
                this.logger = logger;
            }
            // the line is only made when it is printed: an application's logger is often quieter
            if (event.warning() && logger.isWarnEnabled()) {
                logger.warn(event.message());
            } else if (!event.warning() && logger.isInfoEnabled()) {
                logger.info(event.message());
            }
        }
    };
}
