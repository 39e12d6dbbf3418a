package koldy.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import koldy.library.Koldy;

/** Records every migration up to a timestamp as executed without running it, as {@code koldy baseline}. */
@Mojo(name = "baseline", threadSafe = true)
public class BaselineMojo extends KoldyMojo {

    /** The timestamp up to which (inclusive) migrations are recorded as executed. */
    @Parameter(property = "koldy.baseline", required = true)
    long baseline;

    @Override
    void run(Koldy koldy) {
        koldy.baseline(baseline);
    }
}
