package koldy.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The "in 0.004 s" of every migration line, rounded as String.format's %.3f would. */
class DurationTextTest {

    @Test
    void millisecondsWithThreeDecimals() {
        assertEquals("0.000 s", DurationText.seconds(Duration.ZERO));
        assertEquals("0.004 s", DurationText.seconds(Duration.ofNanos(4_200_000)));
        assertEquals("0.010 s", DurationText.seconds(Duration.ofMillis(10)));
        assertEquals("1.235 s", DurationText.seconds(Duration.ofNanos(1_234_500_000)));
        assertEquals("1.000 s", DurationText.seconds(Duration.ofNanos(999_600_000)));
        assertEquals("3725.000 s", DurationText.seconds(Duration.ofMinutes(62).plusSeconds(5)));
    }
}
