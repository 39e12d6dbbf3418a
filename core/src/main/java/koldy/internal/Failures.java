package koldy.internal;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * What the runner adds to a failure once it knows it: the migrations the run applied before it
 * stopped. {@code KoldyException} tells this class how when it loads (and a failure in hand means
 * it has loaded), so its API shows what was applied but no way to change it: the pattern of the
 * JDK's own SharedSecrets.
 */
public final class Failures {

    private static volatile BiConsumer<RuntimeException, List<String>> appliedRecorder;

    private Failures() {
    }

    /** For {@code KoldyException} alone, as it loads. */
    public static void recordAppliedWith(BiConsumer<RuntimeException, List<String>> recorder) {
        appliedRecorder = recorder;
    }

    /** The runner's: {@code stopped} ended a run that had applied {@code scripts} first, in order. */
    public static <E extends RuntimeException> E afterApplying(E stopped, List<String> scripts) {
        appliedRecorder.accept(stopped, scripts);
        return stopped;
    }
}
