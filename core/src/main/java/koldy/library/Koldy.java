package koldy.library;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import koldy.Advice;
import koldy.Applied;
import koldy.KoldyException;
import koldy.MigrateOptions;
import koldy.RollbackOptions;
import koldy.RunEvent;
import koldy.RunListener;
import koldy.Status;
import koldy.TenantOptions;
import koldy.TenantOutcome;
import koldy.config.Config;
import koldy.config.ConfigLoader;
import koldy.config.ConnectionConfig;
import koldy.config.Secrets;
import koldy.config.SupportedUrls;
import koldy.config.TenantsConfig;
import koldy.db.Connections;
import koldy.load.ClasspathMigrations;
import koldy.load.DirectoryMigrations;
import koldy.load.JavaMigrationCompiler;
import koldy.load.MigrationSource;
import koldy.migrate.Migrator;

/**
 * koldy as a library: run the same migrations from an application's start-up code, with the
 * application's own {@link DataSource}.
 * <pre>
 * try (Koldy koldy = Koldy.configure()
 *         .dataSource(dataSource)
 *         .migrationsDirectory(Path.of("db/migrations"))
 *         .build()) {
 *     List&lt;Applied&gt; applied = koldy.migrate();
 * }
 * </pre>
 * Operations return results and throw {@link KoldyException} (with the command line's exit code);
 * nothing calls {@code System.exit} and nothing prints, except through the Log4j API logger
 * {@code koldy}. The command line is a thin layer over this class.
 */
public final class Koldy implements AutoCloseable {

    private final Config config;
    private final Connections connections;
    private final Migrator migrator;
    /** A copy of the builder that made this, for the Koldy of each tenant. */
    private final Builder madeBy;

    private Koldy(Config config, Connections connections, Migrator migrator, Builder madeBy) {
        this.config = config;
        this.connections = connections;
        this.migrator = migrator;
        this.madeBy = madeBy;
    }

    public static Builder configure() {
        quietLog4jWithoutProvider();
        return new Builder();
    }

    /**
     * In an application without a Log4j API provider (no log4j-core, no bridge to SLF4J), the
     * Log4j API would print "could not find a logging provider" on stderr at koldy's first log
     * line, then fall back to its simple logger anyway. Choosing that logger up front keeps the
     * application's stderr quiet; an application that has a provider, or names one, is left alone.
     */
    private static void quietLog4jWithoutProvider() {
        if (System.getProperty("log4j.provider") != null || System.getProperty("log4j2.provider") != null) {
            return;
        }
        boolean hasProvider = java.util.ServiceLoader.load(org.apache.logging.log4j.spi.Provider.class,
                Koldy.class.getClassLoader()).stream().findAny().isPresent();
        if (!hasProvider) {
            System.setProperty("log4j.provider", "org.apache.logging.log4j.simple.internal.SimpleProvider");
        }
    }

    /** Runs every pending migration; see {@link Migrator#migrate(MigrateOptions)}. */
    public List<Applied> migrate() {
        return migrator.migrate(MigrateOptions.defaults());
    }

    public List<Applied> migrate(MigrateOptions options) {
        return migrator.migrate(options);
    }

    /** Reverts the last {@code steps} executed migrations, newest execution first. */
    public List<Applied> rollback(int steps) {
        return migrator.rollback(RollbackOptions.steps(steps));
    }

    public List<Applied> rollback(RollbackOptions options) {
        return migrator.rollback(options);
    }

    /** Reverts the last {@code steps} executed migrations, then applies them again, under one lock. */
    public List<Applied> redo(int steps) {
        return migrator.redo(steps, false);
    }

    /**
     * As {@link #redo(int)}; with {@code force}, a migration whose file changed since it ran is
     * reverted with the down it has now and applied as it is now (while writing a migration).
     */
    public List<Applied> redo(int steps, boolean force) {
        return migrator.redo(steps, force);
    }

    /**
     * Waits up to {@code timeout} for the databases a run uses (the default connection and the
     * history's) while they are still starting; fails at once on wrong credentials or a missing
     * database. For a container that starts together with its database.
     */
    public Koldy waitForDatabase(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String name : new java.util.LinkedHashSet<>(List.of(config.historyConnection(),
                config.defaultConnection().name()))) {
            connections.waitFor(name, deadline, timeout);
        }
        return this;
    }

    /** What is executed, pending, out of order, changed, missing or failed. Reads only. */
    public Status status() {
        return migrator.status();
    }

    public List<String> baseline(long timestamp) {
        return migrator.baseline(timestamp);
    }

    /** Accepts changed files and clears failed-run records; refuses while an executed migration's file is gone. */
    public List<String> repair() {
        return migrator.repair();
    }

    /** The same, also forgetting the named executed migrations, whose files were deleted on purpose. */
    public List<String> repair(Collection<String> forget) {
        return migrator.repair(Set.copyOf(forget));
    }

    /**
     * The tenants the configuration names ({@code tenants.list}, the rows of {@code tenants.query},
     * or the schemas, databases or SQLite files matching {@code tenants.pattern}), asked now.
     */
    public List<String> tenants() {
        return TenantNames.of(config, connections);
    }

    /**
     * Works on one tenant: its connection ({@code tenants.url}), its own history and lock, the
     * tenants' migrations ({@code tenants.directory}). Close it after.
     */
    public Koldy tenant(String name) {
        return madeBy.copy().tenant(name).build();
    }

    /** Brings one tenant up to date: a tenant created while the application runs is one call. */
    public List<Applied> migrateTenant(String name) {
        try (Koldy tenant = tenant(name)) {
            return tenant.migrate();
        }
    }

    /**
     * Brings every tenant up to date, {@code tenants.parallel()} at a time, each exactly once
     * however many processes run this at once (each tenant has its own lock). A tenant that fails
     * is reported in its outcome and the others go on, unless {@code failFast}; a run again
     * continues with what is left.
     *
     * @return every tenant's outcome, in the order of {@link #tenants()}
     */
    public List<TenantOutcome> migrateTenants(MigrateOptions options, TenantOptions tenants) {
        return migrateTenants(tenants(), options, tenants);
    }

    /** The same for the tenants named, in that order (from {@link #tenants()}, or some of them). */
    public List<TenantOutcome> migrateTenants(List<String> names, MigrateOptions options, TenantOptions tenants) {
        Map<String, TenantOutcome> upToDate = new java.util.HashMap<>();
        if (!options.dryRun()) {
            upToDateOnSharedSessions(names, tenants).keySet().forEach(name -> {
                tenants.listener().on(name, new RunEvent.Note("Nothing to migrate: every migration is executed.", false));
                upToDate.put(name, new TenantOutcome(name, List.of(), null, null));
            });
        }
        return withTheRest(names, upToDate, tenants, true, (name, waitForLock) -> tenantTelling(name, tenants, waitForLock),
                (name, koldy) -> new TenantOutcome(name, koldy.migrate(options), null, null));
    }

    /**
     * The tenants up to date, with their status, read on shared sessions where they share a server
     * (see {@link SharedTenantSession}); none otherwise, and each tenant's own run reads for itself.
     */
    private Map<String, Status> upToDateOnSharedSessions(List<String> names, TenantOptions tenants) {
        SharedTenantSession shared = config.tenants() == null ? null : SharedTenantSession.of(config.tenants());
        if (shared == null || names.isEmpty()) {
            return Map.of();
        }
        try (Koldy first = madeBy.copy().tenant(names.get(0)).listener(event -> { }).build()) {
            return shared.upToDate(names, first.migrator, parallel(tenants));
        }
    }

    /**
     * Every outcome in the order of {@code names}: the ones already {@code known} (read on the
     * shared sessions, each told to the listener as finished), and the rest run now, each on a
     * Koldy of its own.
     */
    private List<TenantOutcome> withTheRest(List<String> names, Map<String, TenantOutcome> known,
                                            TenantOptions tenants, boolean share, TenantRun.Opener open,
                                            TenantRun.Work work) {
        known.values().forEach(tenants.listener()::finished);
        Map<String, TenantOutcome> all = new java.util.HashMap<>(known);
        List<String> rest = names.stream().filter(name -> !known.containsKey(name)).toList();
        TenantRun.run(rest, tenants, parallel(tenants), share, open, work)
                .forEach(outcome -> all.put(outcome.tenant(), outcome));
        return names.stream().map(all::get).toList();
    }

    /** Every tenant's status, {@code tenants.parallel()} at a time. Reads only. */
    public List<TenantOutcome> statusOfTenants(TenantOptions tenants) {
        return statusOfTenants(tenants(), tenants);
    }

    public List<TenantOutcome> statusOfTenants(List<String> names, TenantOptions tenants) {
        Map<String, TenantOutcome> upToDate = new java.util.HashMap<>();
        upToDateOnSharedSessions(names, tenants).forEach((name, status) ->
                upToDate.put(name, new TenantOutcome(name, null, status, null)));
        return withTheRest(names, upToDate, tenants, false, (name, waitForLock) -> tenantTelling(name, tenants, true),
                (name, koldy) -> new TenantOutcome(name, null, koldy.status(), null));
    }

    /** The options' parallel, or the configuration's tenants.parallel where they say 0. */
    private int parallel(TenantOptions tenants) {
        return tenants.parallel() > 0 ? tenants.parallel() : config.tenants() != null ? config.tenants().parallel()
                : TenantsConfig.DEFAULT_PARALLEL;
    }

    private Koldy tenantTelling(String name, TenantOptions tenants, boolean waitForLock) {
        Builder builder = madeBy.copy().tenant(name).listener(event -> tenants.listener().on(name, event));
        return (waitForLock ? builder : builder.lockTimeout(Duration.ZERO)).build();
    }

    /** Closes the pools koldy opened itself; data sources passed in stay open. */
    @Override
    public void close() {
        connections.close();
    }

    /** How to reach the database and find the migrations. */
    public static final class Builder {
        private final Map<String, DataSource> dataSources = new LinkedHashMap<>();
        /** Connections given by URL, which koldy pools itself (and closes with {@link #close()}). */
        private final Map<String, ConnectionConfig> urls = new LinkedHashMap<>();
        /** Every connection given in code, data source or URL, in the order given: the first is the default. */
        private final List<String> names = new ArrayList<>();
        private Advice advice = Advice.LIBRARY;
        private Path root;
        private Path configFile;
        private Map<String, String> environment = Map.of();
        private Path migrationsDirectory;
        private ClassLoader classpathLoader;
        private String classpathLocation;
        private String historyTable;
        private String historyConnection;
        private Path cacheDirectory;
        private boolean cacheDirectorySet;
        private Duration lockTimeout = Duration.ofSeconds(300);
        private Config.LockWaits lockWaits;
        private Duration progressInterval = Duration.ofSeconds(10);
        private RunListener listener = RunListener.LOG;
        private String tenant;
        private Map<String, String> tenantKeys;
        private String tenantKeysSource;
        private ClassLoader tenantClasspathLoader;
        private String tenantClasspathLocation;

        private Builder() {
        }

        /**
         * Works on one tenant ({@code tenants.*} in the configuration file): its connection, its
         * history and lock, the tenants' migrations.
         */
        public Builder tenant(String name) {
            this.tenant = name;
            return this;
        }

        /**
         * Tenants given in code instead of by the configuration file: the keys of its
         * {@code tenants.*} without the prefix ({@code url} with {@code {tenant}}, {@code user},
         * {@code password}, one of {@code list}, {@code query}, {@code pattern}; {@code query_connection},
         * {@code parallel}, {@code directory}), checked as the file's are.
         *
         * @param source how a mistake names where they came from ("koldy.tenants.* properties")
         */
        public Builder tenants(Map<String, String> keys, String source) {
            this.tenantKeys = new LinkedHashMap<>(keys);
            this.tenantKeysSource = source;
            return this;
        }

        /**
         * Runs the tenants' migrations the build packaged ({@code package-migrations} puts
         * {@code application/tenant-migrations} in {@code classpath:koldy/tenant-migrations})
         * instead of the tenants' directory.
         */
        public Builder tenantClasspathMigrations(ClassLoader loader, String location) {
            this.tenantClasspathLoader = loader == null ? Koldy.class.getClassLoader() : loader;
            this.tenantClasspathLocation = location;
            return this;
        }

        /** The default connection: the one {@code Db.query()} uses and the history lives on. */
        public Builder dataSource(DataSource dataSource) {
            return dataSource("default", dataSource);
        }

        /** A named connection; the first one added is the default. */
        public Builder dataSource(String name, DataSource dataSource) {
            named(name);
            dataSources.put(name, dataSource);
            return this;
        }

        /**
         * A named connection by JDBC URL, which koldy pools itself, opens only when used and closes
         * with {@link Koldy#close()}; the first connection added is the default.
         */
        public Builder connection(String name, String url, String user, String password) {
            if (url == null || !SupportedUrls.isSupported(url.trim())) {
                throw KoldyException.config("Connection '" + name + "': " + (url == null ? "no URL"
                        : "'" + Secrets.maskUrl(url) + "' is not a supported JDBC URL") + "; use "
                        + SupportedUrls.prefixes());
            }
            named(name);
            Secrets.remember(Secrets.valuesIn(url));
            Secrets.remember(java.util.Collections.singletonList(password));
            urls.put(name, new ConnectionConfig(name, url.trim(), user, password, Map.of()));
            return this;
        }

        private void named(String name) {
            if (names.contains(name)) {
                throw KoldyException.config("Connection '" + name + "' is given twice.");
            }
            names.add(name);
        }

        /** Where relative paths resolve (default: the current directory). */
        public Builder projectRoot(Path root) {
            this.root = root;
            return this;
        }

        /**
         * Reads connections from a {@code database.properties} (relative to the project root) as
         * the command line does; without any data source, {@code configs/database.properties}.
         */
        public Builder configFile(Path file) {
            this.configFile = file;
            return this;
        }

        /** The variables for {@code ${VAR}} and {@code KOLDY_*} overrides of a config file (default: none). */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** Default: {@code application/migrations} under the project root. */
        public Builder migrationsDirectory(Path directory) {
            this.migrationsDirectory = directory;
            return this;
        }

        /**
         * Runs the migrations the build packaged into the application (koldy-maven-plugin's
         * {@code package-migrations} goal) from {@code classpath:koldy/migrations}, instead of a
         * directory: no files, no compiler at run time. For a fat jar on a JRE.
         */
        public Builder classpathMigrations() {
            return classpathMigrations(Thread.currentThread().getContextClassLoader(),
                    ClasspathMigrations.DEFAULT_LOCATION);
        }

        /** Packaged migrations from another loader or another location (a resource folder). */
        public Builder classpathMigrations(ClassLoader loader, String location) {
            this.classpathLoader = loader == null ? Koldy.class.getClassLoader() : loader;
            this.classpathLocation = location;
            return this;
        }

        /** Default: {@code koldy_migration}. */
        public Builder historyTable(String table) {
            this.historyTable = table;
            return this;
        }

        /** Which named connection keeps the history (default: the first). */
        public Builder historyConnection(String name) {
            this.historyConnection = name;
            return this;
        }

        /**
         * Where compiled Java migrations are cached; null compiles in memory each time. The
         * default is the command line's, {@code storage/koldy-cache} under the {@link #projectRoot},
         * or in memory when no project root is given.
         */
        public Builder cacheDirectory(Path directory) {
            this.cacheDirectory = directory;
            this.cacheDirectorySet = true;
            return this;
        }

        /**
         * Bounds how long a migration's statement waits for a lock another session holds; a
         * migration that gave up so, having changed nothing, is tried again up to {@code retries}
         * times (as {@code migrations.lock_timeout} and {@code migrations.lock_retries}).
         */
        public Builder statementLockTimeout(Duration timeout, int retries) {
            this.lockWaits = timeout == null || timeout.isZero() ? Config.LockWaits.NONE
                    : new Config.LockWaits(timeout, retries);
            return this;
        }

        public Builder lockTimeout(Duration timeout) {
            this.lockTimeout = timeout;
            return this;
        }

        /**
         * How refusals say what to do next: as API calls ({@link Advice#LIBRARY}, the default), as
         * koldy commands ({@link Advice#COMMAND_LINE}), or as the commands of a tool that wraps koldy.
         */
        public Builder advice(Advice advice) {
            this.advice = advice;
            return this;
        }

        /**
         * Who is told what runs do, as {@link RunEvent}s: each migration applied or rolled back,
         * waiting for the run lock, a migration still running, nothing to do. Default: each event's
         * line on the Log4j API logger {@code koldy}.
         */
        public Builder listener(RunListener listener) {
            this.listener = listener;
            return this;
        }

        /** How often a long migration is logged as still running; zero for never. */
        public Builder progressInterval(Duration interval) {
            this.progressInterval = interval;
            return this;
        }

        /** Another builder with the same settings. */
        private Builder copy() {
            Builder copy = new Builder();
            copy.dataSources.putAll(dataSources);
            copy.urls.putAll(urls);
            copy.names.addAll(names);
            copy.advice = advice;
            copy.root = root;
            copy.configFile = configFile;
            copy.environment = environment;
            copy.migrationsDirectory = migrationsDirectory;
            copy.classpathLoader = classpathLoader;
            copy.classpathLocation = classpathLocation;
            copy.historyTable = historyTable;
            copy.historyConnection = historyConnection;
            copy.cacheDirectory = cacheDirectory;
            copy.cacheDirectorySet = cacheDirectorySet;
            copy.lockTimeout = lockTimeout;
            copy.lockWaits = lockWaits;
            copy.progressInterval = progressInterval;
            copy.listener = listener;
            copy.tenant = tenant;
            copy.tenantKeys = tenantKeys;
            copy.tenantKeysSource = tenantKeysSource;
            copy.tenantClasspathLoader = tenantClasspathLoader;
            copy.tenantClasspathLocation = tenantClasspathLocation;
            return copy;
        }

        public Koldy build() {
            Path base = (root == null ? Path.of("") : root).toAbsolutePath().normalize();
            Config config = names.isEmpty() || configFile != null
                    ? new ConfigLoader(environment).load(base, configFile)
                    : new Config(base, describe(base), null, null, null);
            config = new Config(base, config.connections(),
                    historyConnection != null ? historyConnection
                            : config.historyConnection() != null ? config.historyConnection()
                            : config.connections().get(0).name(),
                    migrationsDirectory != null ? base.resolve(migrationsDirectory).normalize()
                            : config.migrationsDirectory() != null ? config.migrationsDirectory()
                            : base.resolve(Config.DEFAULT_MIGRATIONS_DIRECTORY),
                    historyTable != null ? ConfigLoader.validTable(historyTable)
                            : config.historyTable() != null ? config.historyTable() : Config.DEFAULT_TABLE,
                    lockWaits != null ? lockWaits : config.lockWaits(), tenantKeys == null ? config.tenants()
                    : ConfigLoader.tenants(tenantKeys, tenantKeysSource, base,
                    config.connections().stream().map(ConnectionConfig::name).toList()), null,
                    config.ignoredFiles());
            if (tenant != null) {
                config = config.forTenant(tenant);
            }
            if (config.connection(config.historyConnection()) == null) {
                throw KoldyException.config("The history connection '" + config.historyConnection()
                        + "' is not one of the connections.");
            }
            Connections connections = new Connections(config.connections(), dataSources);
            // Beside the project's files, as the command line keeps it, when the project is named; an
            // application that names none is not made to write into its working directory.
            Path cache = cacheDirectorySet ? cacheDirectory
                    : root != null ? base.resolve("storage").resolve("koldy-cache") : null;
            // a tenant runs the tenants' migrations: packaged ones of their own, or its directory
            ClassLoader loader = tenant != null ? tenantClasspathLoader : classpathLoader;
            MigrationSource source = loader != null
                    ? new ClasspathMigrations(loader, tenant != null ? tenantClasspathLocation : classpathLocation)
                    : new DirectoryMigrations(config.migrationsDirectory(), base, new JavaMigrationCompiler(base, cache),
                    config.ignoredFiles());
            Migrator migrator = new Migrator(config, connections, source, lockTimeout)
                    .progressInterval(progressInterval).advice(advice).listener(listener);
            return new Koldy(config, connections, migrator, copy());
        }

        /**
         * The connections given in code, in order: a URL's as given (a relative SQLite path
         * resolved against the root), a data source's from what its driver says its URL is.
         */
        private List<ConnectionConfig> describe(Path root) {
            List<ConnectionConfig> configs = new ArrayList<>();
            for (String name : names) {
                ConnectionConfig byUrl = urls.get(name);
                if (byUrl != null) {
                    configs.add(new ConnectionConfig(name, SupportedUrls.resolveSqlitePath(byUrl.url(), root),
                            byUrl.user(), byUrl.password(), Map.of()));
                } else {
                    configs.add(describe(name, dataSources.get(name)));
                }
            }
            return configs;
        }

        /** A connection config for a data source, from what its driver says its URL is. */
        private static ConnectionConfig describe(String name, DataSource dataSource) {
            try (Connection connection = dataSource.getConnection()) {
                String url = connection.getMetaData().getURL();
                if (url == null || SupportedUrls.kindOfDataSource(url) == null) {
                    throw KoldyException.config("Data source '" + name + "' is " + connection.getMetaData()
                            .getDatabaseProductName() + "; koldy supports " + SupportedUrls.labels() + ".");
                }
                return new ConnectionConfig(name, url, null, null, Map.of());
            } catch (SQLException e) {
                throw new KoldyException(KoldyException.Reason.UNREACHABLE, "Cannot connect through data source '"
                        + name + "': " + e.getMessage(), e);
            }
        }
    }
}
