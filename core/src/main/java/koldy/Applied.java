package koldy;

import java.time.Duration;
import java.util.List;

/**
 * A migration that a run executed (up) or reverted (down), and how long it took.
 *
 * @param statements in a dry run, the statements it would have executed; empty otherwise
 */
public record Applied(String script, boolean up, Duration took, List<PlannedStatement> statements) {
}
