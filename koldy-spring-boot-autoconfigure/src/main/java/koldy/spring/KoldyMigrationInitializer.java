package koldy.spring;

import java.util.List;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.springframework.beans.factory.InitializingBean;

import koldy.KoldyException;
import koldy.MigrateOptions;
import koldy.Status;
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
            switch (properties.getOnStartup()) {
                case MIGRATE -> koldy.migrate(new MigrateOptions(properties.isForce(), null, false));
                case VALIDATE -> validate();
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
