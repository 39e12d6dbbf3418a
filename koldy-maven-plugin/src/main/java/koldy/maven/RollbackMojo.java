package koldy.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import koldy.RollbackOptions;
import koldy.library.Koldy;

/** Reverts the last executed migrations, newest execution first, as {@code koldy rollback}. */
@Mojo(name = "rollback", threadSafe = true)
public class RollbackMojo extends KoldyMojo {

    /** How many to revert (default 1). */
    @Parameter(property = "koldy.steps")
    Integer steps;

    /** Reverts every migration executed after this timestamp instead (as {@code --to}). */
    @Parameter(property = "koldy.to")
    Long to;

    /** Says what would be reverted, reverts nothing. */
    @Parameter(property = "koldy.dryRun", defaultValue = "false")
    boolean dryRun;

    /** Reverts a migration whose file changed since it ran, with the down it has now (as {@code --force}). */
    @Parameter(property = "koldy.force", defaultValue = "false")
    boolean force;

    @Override
    void run(Koldy koldy) {
        koldy.rollback(new RollbackOptions(to != null ? null : steps == null ? 1 : steps, to, dryRun, force));
    }
}
