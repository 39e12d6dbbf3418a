package koldy.maven;

import org.apache.maven.plugins.annotations.Mojo;

import koldy.library.Koldy;

/** Accepts changed files, forgets deleted ones, clears failed-run records, as {@code koldy repair}. */
@Mojo(name = "repair", threadSafe = true)
public class RepairMojo extends KoldyMojo {

    @Override
    void run(Koldy koldy) {
        koldy.repair();
    }
}
