package koldy.maven;

import java.util.List;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import koldy.Applied;
import koldy.KoldyException;
import koldy.MigrateOptions;
import koldy.RunEvent;
import koldy.TenantOptions;
import koldy.TenantOutcome;
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

    /** Migrates every tenant ({@code tenants.*} of the configuration), as {@code --tenants}. */
    @Parameter(property = "koldy.tenants", defaultValue = "false")
    boolean tenants;

    /** With tenants: how many at once (default {@code tenants.parallel}, else 4). */
    @Parameter(property = "koldy.parallel", defaultValue = "0")
    int parallel;

    /** With tenants: start no more tenants after one fails. */
    @Parameter(property = "koldy.failFast", defaultValue = "false")
    boolean failFast;

    @Override
    void run(Koldy koldy) {
        if (tenants) {
            migrateTenants(koldy);
            return;
        }
        List<Applied> applied = koldy.migrate(new MigrateOptions(force, to, dryRun));
        if (!dryRun && !applied.isEmpty()) {
            getLog().info("koldy: migrated " + applied.size() + " migration" + (applied.size() == 1 ? "" : "s") + ".");
        }
    }

    /** Every tenant; the build fails, naming the first failed tenant, if any failed. */
    private void migrateTenants(Koldy koldy) {
        List<TenantOutcome> outcomes = koldy.migrateTenants(new MigrateOptions(force, to, dryRun),
                new TenantOptions(parallel, failFast, new TenantOptions.TenantListener() {
                    @Override
                    public void on(String tenant, RunEvent event) {
                        if (event.warning()) {
                            getLog().warn("[" + tenant + "] " + event.message());
                        } else if (getLog().isDebugEnabled()) {
                            getLog().debug("[" + tenant + "] " + event.message());
                        }
                    }

                    @Override
                    public void finished(TenantOutcome outcome) {
                        if (outcome.failed()) {
                            getLog().warn("Tenant " + outcome.tenant() + " failed: " + outcome.failure().getMessage());
                        }
                    }
                }));
        getLog().info("koldy: tenants: " + TenantOutcome.migrateSummary(outcomes));
        KoldyException failure = TenantOutcome.failureOf(outcomes);
        if (failure != null) {
            throw failure;
        }
    }
}
