package koldy.config;

import java.nio.file.Path;
import java.util.List;

import koldy.MigrationFile;

/**
 * The resolved configuration of one project: its connections in order (the first is the default
 * one {@code Db.query()} uses), which of them keeps the migration history, and where the
 * migration files live; its tenants ({@code tenants.*}, or null), and the tenant this
 * configuration runs for ({@link #forTenant}), or null; and the file names in the migrations
 * directory that koldy leaves alone ({@code migrations.ignore}: globs, none by default).
 */
public record Config(Path root,
                     List<ConnectionConfig> connections,
                     String historyConnection,
                     Path migrationsDirectory,
                     String historyTable,
                     LockWaits lockWaits,
                     TenantsConfig tenants,
                     String tenant,
                     List<String> ignoredFiles) {

    public Config(Path root, List<ConnectionConfig> connections, String historyConnection, Path migrationsDirectory,
                  String historyTable, LockWaits lockWaits) {
        this(root, connections, historyConnection, migrationsDirectory, historyTable, lockWaits, null, null, List.of());
    }

    /**
     * An opt-in bound on how long a migration's statement waits for a lock another session holds
     * ({@code migrations.lock_timeout}), and how often a migration that gave up so, having changed
     * nothing, is tried again ({@code migrations.lock_retries}): an ALTER queued behind a long
     * transaction would otherwise stall every query queued behind it.
     *
     * @param timeout null for no bound (the database's own)
     */
    public record LockWaits(java.time.Duration timeout, int retries) {
        public static final LockWaits NONE = new LockWaits(null, 0);
    }

    public Config(Path root, List<ConnectionConfig> connections, String historyConnection, Path migrationsDirectory,
                  String historyTable) {
        this(root, connections, historyConnection, migrationsDirectory, historyTable, LockWaits.NONE);
    }

    public static final String DEFAULT_TABLE = "koldy_migration";
    public static final String DEFAULT_MIGRATIONS_DIRECTORY = "application/migrations";

    public ConnectionConfig defaultConnection() {
        return connections.get(0);
    }

    /** A path as the user knows it: relative to the project root where possible. */
    public static String display(Path root, Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path base = root.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }

    public String display(Path path) {
        return display(root, path);
    }

    /** How messages name a migration: its path under the project root, or where it is on the class path. */
    public String display(MigrationFile file) {
        return display(root, file);
    }

    public static String display(Path root, MigrationFile file) {
        return file.onClasspath() ? file.classpathLocation() : display(root, file.path());
    }

    /**
     * One tenant's configuration: its own connection first (the one its migrations' {@code Db.query()}
     * uses, and its history's), then the project's other connections; the tenants' migrations.
     */
    public Config forTenant(String name) {
        TenantsConfig tenants = configuredTenants();
        List<ConnectionConfig> all = new java.util.ArrayList<>();
        all.add(tenants.connectionFor(name, root));
        connections.stream().filter(c -> !c.name().equals(TenantsConfig.CONNECTION)).forEach(all::add);
        return new Config(root, List.copyOf(all), TenantsConfig.CONNECTION, tenants.migrationsDirectory(), historyTable,
                lockWaits, tenants, name, ignoredFiles);
    }

    /** The tenants, refusing where none are configured. */
    public TenantsConfig configuredTenants() {
        if (tenants == null) {
            throw koldy.KoldyException.config("No tenants are configured: set tenants.url and one of tenants.list,"
                    + " tenants.query or tenants.pattern.");
        }
        return tenants;
    }

    public ConnectionConfig connection(String name) {
        for (ConnectionConfig c : connections) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
