package koldy.util;

import java.time.Duration;

import koldy.RunEvent;

/** Durations as koldy prints them: "0.004 s", as its run events do. */
public final class DurationText {

    private DurationText() {
    }

    public static String seconds(Duration d) {
        return RunEvent.seconds(d);
    }
}
