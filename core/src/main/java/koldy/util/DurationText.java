package koldy.util;

import java.time.Duration;

/** Durations as koldy prints them: "0.004 s". */
public final class DurationText {

    private DurationText() {
    }

    /** By hand, because String.format costs more than a small migration on a cold JVM. */
    public static String seconds(Duration d) {
        long millis = (d.toNanos() + 500_000) / 1_000_000;
        String fraction = Long.toString(1000 + millis % 1000).substring(1);
        return millis / 1000 + "." + fraction + " s";
    }
}
