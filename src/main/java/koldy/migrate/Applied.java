package koldy.migrate;

import java.time.Duration;

/** A migration that a run executed (up) or reverted (down), and how long it took. */
public record Applied(String script, Duration took) {
}
