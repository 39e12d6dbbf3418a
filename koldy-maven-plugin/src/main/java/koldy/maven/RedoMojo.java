package koldy.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import koldy.library.Koldy;

/** Rolls back the last executed migrations and migrates them again, as {@code koldy redo}. */
@Mojo(name = "redo", threadSafe = true)
public class RedoMojo extends KoldyMojo {

    /** How many (default 1). */
    @Parameter(property = "koldy.steps", defaultValue = "1")
    int steps;

    /** Redoes a migration whose file changed since it ran, with the down it has now (as {@code --force}). */
    @Parameter(property = "koldy.force", defaultValue = "false")
    boolean force;

    @Override
    void run(Koldy koldy) {
        koldy.redo(steps, force);
    }
}
