package koldy.spring;

import java.util.List;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.springframework.beans.factory.InitializingBean;

import koldy.KoldyException;
import koldy.MigrateOptions;
import koldy.RunEvent;
import koldy.Status;
import koldy.TenantOptions;
import koldy.TenantOutcome;
import koldy.library.Koldy;

/**
 * Does what {@code koldy.on-startup} says while the application starts, before the beans that
 * use the database (Spring Boot orders them after every database initializer it detects).
 */
public class KoldyMigrationInitializer implements InitializingBean {

    private static final Logger LOG = LogManager.getLogger("koldy");

    private final Koldy koldy;
    private final KoldyProperties properties;
    private final KoldyMigrationStrategy strategy;

    /** @param strategy the application's own start-up action, or null for {@code koldy.on-startup} */
    public KoldyMigrationInitializer(Koldy koldy, KoldyProperties properties, KoldyMigrationStrategy strategy) {
        this.koldy = koldy;
        this.properties = properties;
        this.strategy = strategy;
    }

    @Override
    public void afterPropertiesSet() {
        if (!properties.getWaitForDatabase().isZero()) {
            koldy.waitForDatabase(properties.getWaitForDatabase());
        }
        if (strategy != null) {
            strategy.migrate(koldy);
        } else {
            boolean tenants = properties.getTenants().configured();
            switch (properties.getOnStartup()) {
                case MIGRATE -> {
                    MigrateOptions options = new MigrateOptions(properties.isForce(), null, false);
                    koldy.migrate(options);
                    if (tenants) {
                        migrateTenants(options);
                    }
                }
                case VALIDATE -> {
                    validate();
                    if (tenants) {
                        validateTenants();
                    }
                }
                case NONE -> LOG.debug("koldy.on-startup=none: nothing run at start-up");
            }
        }
        if (properties.isExitAfterMigrate()) {
            LOG.info("Migrations done; exiting (koldy.exit-after-migrate).");
            // The one purpose of this mode is a process that migrates and ends (an init container,
            // a Job): the context is not started, so nothing of the application is serving yet.
            System.exit(0);
        }
    }

    /** Every tenant, {@code koldy.tenants.parallel} at a time; a failed tenant stops the start, after the others ran. */
    private void migrateTenants(MigrateOptions options) {
        List<TenantOutcome> outcomes = koldy.migrateTenants(options, new TenantOptions(0, false, TENANT_LOG));
        LOG.info("Tenants: {}", TenantOutcome.migrateSummary(outcomes));
        KoldyException failure = TenantOutcome.failureOf(outcomes);
        if (failure != null) {
            throw failure;
        }
    }

    private void validateTenants() {
        List<TenantOutcome> outcomes = koldy.statusOfTenants(new TenantOptions(0, false, TENANT_LOG));
        KoldyException failure = TenantOutcome.failureOf(outcomes);
        if (failure != null) {
            throw failure;
        }
        List<String> behind = outcomes.stream().filter(o -> !o.status().upToDate()).map(TenantOutcome::tenant).toList();
        if (!behind.isEmpty()) {
            throw KoldyException.refused(KoldyException.Reason.NOT_UP_TO_DATE, behind.size() + " of " + outcomes.size()
                    + " tenants are not up to date (the first: " + behind.get(0) + "), and koldy.on-startup=validate"
                    + " runs nothing. Migrate them (koldy.on-startup=migrate, or ./koldy migrate --tenants), then"
                    + " start again.");
        }
    }

    /** A tenant's warnings and failure as they happen; its other lines at debug (there may be thousands). */
    private static final TenantOptions.TenantListener TENANT_LOG = new TenantOptions.TenantListener() {
        @Override
        public void on(String tenant, RunEvent event) {
            if (event.warning()) {
                LOG.warn("[{}] {}", tenant, event.message());
            } else {
                LOG.debug("[{}] {}", tenant, event.message());
            }
        }

        @Override
        public void finished(TenantOutcome outcome) {
            if (outcome.failed()) {
                LOG.warn("Tenant {} failed: {}", outcome.tenant(), outcome.failure().getMessage());
            }
        }
    };

    private void validate() {
        Status status = koldy.status();
        if (!status.upToDate()) {
            List<String> lines = status.describe(KoldyAutoConfiguration.SPRING);
            throw KoldyException.refused(KoldyException.Reason.NOT_UP_TO_DATE, "The database is not up to date ("
                    + lines.get(status.migrations().size() + 1) + "), and koldy.on-startup=validate runs nothing."
                    + " Migrate it (koldy.on-startup=migrate, or ./koldy migrate), then start again.");
        }
    }
}
