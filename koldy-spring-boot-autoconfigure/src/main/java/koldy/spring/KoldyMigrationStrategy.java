package koldy.spring;

import koldy.library.Koldy;

/**
 * What the application does with koldy at start-up instead of migrating: a bean of this type
 * replaces {@code koldy.on-startup}'s behaviour (validate and then migrate, migrate a tenant's
 * database, or nothing in a test).
 */
@FunctionalInterface
public interface KoldyMigrationStrategy {

    void migrate(Koldy koldy);
}
