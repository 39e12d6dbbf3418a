package koldy.spring;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import koldy.RunEvent;
import koldy.RunListener;

/**
 * Reports what koldy does through the application's logging (logger {@code koldy}, in the command
 * line's words), then to the application's own {@link RunListener} beans, if any.
 */
class KoldyLogListener implements RunListener {

    private static final Log LOG = LogFactory.getLog("koldy");

    private final List<RunListener> others;

    KoldyLogListener(List<RunListener> others) {
        this.others = List.copyOf(others);
    }

    @Override
    public void on(RunEvent event) {
        if (event.warning()) {
            LOG.warn(event.message());
        } else {
            LOG.info(event.message());
        }
        for (RunListener other : others) {
            other.on(event);
        }
    }
}
