package koldy.maven;

import java.util.List;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import koldy.Applied;
import koldy.MigrateOptions;
import koldy.library.Koldy;

/** Runs pending migrations in timestamp order, as {@code koldy migrate}. */
@Mojo(name = "migrate", threadSafe = true)
public class MigrateMojo extends KoldyMojo {

    /** Runs out-of-order migrations too (as {@code --force}). */
    @Parameter(property = "koldy.force", defaultValue = "false")
    boolean force;

    /** Migrates only up to this timestamp (as {@code --to}). */
    @Parameter(property = "koldy.to")
    Long to;

    /** Says what would run, runs nothing (as {@code --dry-run}). */
    @Parameter(property = "koldy.dryRun", defaultValue = "false")
    boolean dryRun;

    @Override
    void run(Koldy koldy) {
        List<Applied> applied = koldy.migrate(new MigrateOptions(force, to, dryRun));
        if (!dryRun && !applied.isEmpty()) {
            getLog().info("koldy: migrated " + applied.size() + " migration" + (applied.size() == 1 ? "" : "s") + ".");
        }
    }
}
