package koldy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import koldy.KoldyException;

class ConfigLoaderTest {

    @TempDir
    Path root;

    private final Map<String, String> env = new HashMap<>();

    private Config load(String properties) throws IOException {
        Files.createDirectories(root.resolve("configs"));
        Files.writeString(root.resolve("configs/database.properties"), properties);
        return new ConfigLoader(env).load(root, null);
    }

    private KoldyException failure(String properties) {
        KoldyException e = assertThrows(KoldyException.class, () -> load(properties));
        assertEquals(KoldyException.USAGE_OR_CONFIG, e.exitCode());
        return e;
    }

    @Test
    void connectionsKeepTheirOrderAndTheFirstIsTheDefault() throws IOException {
        Config c = load("connections = main, admin\nmain.url = jdbc:sqlite:a.db\n"
                + "admin.url = jdbc:postgresql://h/db\nadmin.user = u\nadmin.password = p\n");
        assertEquals("main", c.defaultConnection().name());
        assertEquals("admin", c.connections().get(1).name());
        assertEquals("main", c.historyConnection(), "history goes to the first connection by default");
        assertEquals("u", c.connection("admin").user());
        assertEquals("koldy_migration", c.historyTable());
        assertEquals(root.resolve("application/migrations"), c.migrationsDirectory());
    }

    @Test
    void relativeSqlitePathResolvesAgainstTheRoot() throws IOException {
        Config c = load("default.url = jdbc:sqlite:storage/koldy.sqlite\n");
        assertEquals("jdbc:sqlite:" + root.resolve("storage/koldy.sqlite"), c.defaultConnection().url());
        assertEquals("jdbc:sqlite::memory:", load("default.url = jdbc:sqlite::memory:\n").defaultConnection().url());
    }

    @Test
    void tenantsGiveEachTenantItsConnectionAfterTheProjectsOwn() throws IOException {
        Config c = load("default.url = jdbc:sqlite:a.db\ntenants.url = jdbc:sqlite:tenants/{tenant}.db\n"
                + "tenants.list = acme, globex, acme\ntenants.parallel = 8\n");
        assertEquals(List.of("acme", "globex"), c.tenants().list(), "each tenant once, in order");
        assertEquals(8, c.tenants().parallel());
        Config acme = c.forTenant("acme");
        assertEquals("acme", acme.tenant());
        assertEquals(List.of("tenant", "default"), acme.connections().stream().map(ConnectionConfig::name).toList());
        assertEquals("jdbc:sqlite:" + root.resolve("tenants/acme.db"), acme.defaultConnection().url());
        assertEquals("tenant", acme.historyConnection());
        assertEquals(root.resolve("application/tenant-migrations"), acme.migrationsDirectory());
        assertThrows(KoldyException.class, () -> c.forTenant("../x"), "a name that would change the path");
        assertNull(load("default.url = jdbc:sqlite:a.db\n").tenants(), "no tenants.url, no tenants");
    }

    @Test
    void aTenantsMistakeNamesItsKey() {
        String base = "default.url = jdbc:sqlite:a.db\n";
        for (String[] bad : new String[][] {
                {"tenants.list = acme\n", "tenants.url"},
                {"tenants.url = jdbc:sqlite:t.db\ntenants.list = acme\n", "{tenant}"},
                {"tenants.url = jdbc:sqlite:{tenant}.db\n", "exactly one of"},
                {"tenants.url = jdbc:sqlite:{tenant}.db\ntenants.list = a\ntenants.pattern = %\n", "exactly one of"},
                {"tenants.url = jdbc:sqlite:{tenant}.db\ntenants.list = a/b\n", "tenants.list"},
                {"tenants.url = jdbc:sqlite:{tenant}.db\ntenants.query = SELECT 1\ntenants.query_connection = x\n",
                        "tenants.query_connection"},
                {"tenants.url = jdbc:sqlite:{tenant}.db\ntenants.list = a\ntenants.parallel = 0\n", "tenants.parallel"}}) {
            KoldyException e = failure(base + bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + " -> " + e.getMessage());
            assertEquals(KoldyException.USAGE_OR_CONFIG, e.exitCode(), e.getMessage());
        }
    }

    @Test
    void koldyMigrationChoosesTheHistoryConnection() throws IOException {
        Config c = load("connections = default, admin\ndefault.url = jdbc:sqlite:a.db\n"
                + "admin.url = jdbc:sqlite:b.db\nkoldy_migration = admin\n");
        assertEquals("admin", c.historyConnection());
    }

    @Test
    void unknownHistoryConnectionIsNamed() {
        KoldyException e = failure("default.url = jdbc:sqlite:a.db\nkoldy_migration = admin\n");
        assertTrue(e.getMessage().contains("koldy_migration") && e.getMessage().contains("'admin'"), e.getMessage());
    }

    @Test
    void environmentVariablesAreSubstituted() throws IOException {
        env.put("DB_USER", "alice");
        Config c = load("default.url = jdbc:postgresql://h/db\ndefault.user = ${DB_USER}\n"
                + "default.password = ${DB_PASSWORD:-fallback}\n");
        assertEquals("alice", c.defaultConnection().user());
        assertEquals("fallback", c.defaultConnection().password());
    }

    @Test
    void unsetVariableWithoutFallbackNamesTheVariableAndKey() {
        KoldyException e = failure("default.url = jdbc:postgresql://h/db\ndefault.password = ${DB_PASSWORD}\n");
        assertTrue(e.getMessage().contains("DB_PASSWORD"), e.getMessage());
        assertTrue(e.getMessage().contains("default.password"), e.getMessage());
        assertTrue(e.getMessage().contains("configs/database.properties"), e.getMessage());
    }

    @Test
    void koldyVariablesOverrideAnyKey() throws IOException {
        env.put("KOLDY_DEFAULT_URL", "jdbc:mysql://db:3306/app");
        env.put("KOLDY_KOLDY_MIGRATION", "default");
        env.put("KOLDY_MIGRATIONS_TABLE", "schema_history");
        Config c = load("default.url = jdbc:sqlite:a.db\n");
        assertEquals("jdbc:mysql://db:3306/app", c.defaultConnection().url());
        assertEquals("schema_history", c.historyTable());
    }

    @Test
    void environmentAloneIsEnoughWithoutAFile() {
        env.put("KOLDY_DEFAULT_URL", "jdbc:postgresql://db/app");
        Config c = new ConfigLoader(env).load(root, null);
        assertEquals("jdbc:postgresql://db/app", c.defaultConnection().url());
    }

    @Test
    void missingUrlSaysWhereToSetIt() {
        KoldyException e = assertThrows(KoldyException.class, () -> new ConfigLoader(env).load(root, null));
        assertTrue(e.getMessage().contains("default.url") && e.getMessage().contains("KOLDY_DEFAULT_URL"),
                e.getMessage());
    }

    @Test
    void explicitConfigFileMustExist() {
        KoldyException e = assertThrows(KoldyException.class,
                () -> new ConfigLoader(env).load(root, Path.of("configs/prod.properties")));
        assertTrue(e.getMessage().contains("configs/prod.properties"), e.getMessage());
    }

    @Test
    void unsupportedUrlIsRefusedWithoutShowingThePassword() {
        KoldyException e = failure("default.url = jdbc:oracle:thin:@h:1521/x?password=hunter2\n");
        assertTrue(e.getMessage().contains("default.url"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void tableNameMustBeAnIdentifier() {
        KoldyException e = failure("default.url = jdbc:sqlite:a.db\nmigrations.table = x; DROP TABLE y\n");
        assertTrue(e.getMessage().contains("migrations.table"), e.getMessage());
    }

    @Test
    void lockWaitsAreOffUnlessSetAndAWrongValueIsNamed() throws IOException {
        assertEquals(Config.LockWaits.NONE, load("default.url = jdbc:sqlite:a.db\n").lockWaits());
        assertEquals(new Config.LockWaits(java.time.Duration.ofSeconds(5), 5),
                load("default.url = jdbc:sqlite:a.db\nmigrations.lock_timeout = 5\n").lockWaits());
        assertEquals(new Config.LockWaits(java.time.Duration.ofSeconds(2), 0),
                load("default.url = jdbc:sqlite:a.db\nmigrations.lock_timeout = 2\nmigrations.lock_retries = 0\n")
                        .lockWaits());
        KoldyException e = failure("default.url = jdbc:sqlite:a.db\nmigrations.lock_timeout = soon\n");
        assertTrue(e.getMessage().contains("migrations.lock_timeout") && e.getMessage().contains("'soon' is not a whole"
                + " number of 0 or more"), e.getMessage());
    }

    @Test
    void connectionNamesAreValidated() {
        assertTrue(failure("connections = a b\n").getMessage().contains("connections"));
        assertTrue(failure("connections = a, a\na.url = jdbc:sqlite:x\n").getMessage().contains("twice"));
    }

    @Test
    void driverPropertiesArePassedThrough() throws IOException {
        Config c = load("default.url = jdbc:postgresql://h/db\ndefault.property.sslmode = require\n");
        assertEquals(Map.of("sslmode", "require"), c.defaultConnection().properties());
        assertNull(c.defaultConnection().user());
    }

    @Test
    void aMisspelledKeyIsNamedWithTheNearestKnownOne() {
        assertEquals("configs/database.properties: key 'migrations.tabel' is not a known key; did you mean"
                + " 'migrations.table'?", failure("default.url = jdbc:sqlite:a.db\nmigrations.tabel = app_history\n")
                .getMessage());
        assertTrue(failure("default.url = jdbc:sqlite:a.db\ndefault.pasword = x\n").getMessage()
                .endsWith("key 'default.pasword' is not a known key; did you mean 'default.password'?"));
        assertTrue(failure("default.url = jdbc:sqlite:a.db\nadmin.url = jdbc:sqlite:b.db\n").getMessage()
                .endsWith("key 'admin.url' belongs to connection 'admin', which is not listed in connections (default)."));
        assertTrue(failure("default.url = jdbc:sqlite:a.db\nfrobnicate = 1\n").getMessage()
                .contains("key 'frobnicate' is not a known key (known: connections, koldy_migration"));
    }

    @Test
    void variablesInsideAnEnvironmentOverrideAreSubstitutedOrNamed() throws IOException {
        env.put("DB_FILE", "from-env.db");
        env.put("KOLDY_DEFAULT_URL", "jdbc:sqlite:${DB_FILE}");
        assertEquals("jdbc:sqlite:" + root.resolve("from-env.db"), load("").defaultConnection().url());
        env.put("KOLDY_DEFAULT_URL", "jdbc:sqlite:${NOPE}");
        assertTrue(failure("").getMessage().startsWith("Environment variable KOLDY_DEFAULT_URL uses ${NOPE}, but the"
                + " environment variable NOPE is not set"));
    }

    @Test
    void aBadOverrideIsBlamedOnItsVariableNotOnTheFile() {
        env.put("KOLDY_DEFAULT_URL", "jdbc:oracle:thin:@h:1521:x");
        String message = failure("default.url = jdbc:sqlite:a.db\n").getMessage();
        assertTrue(message.startsWith("Environment variable KOLDY_DEFAULT_URL 'jdbc:oracle"), message);
    }

    @Test
    void aProjectRootThatDoesNotExistIsNamed() {
        Path nope = root.resolve("nope");
        KoldyException e = assertThrows(KoldyException.class, () -> new ConfigLoader(env).load(nope, null));
        assertEquals("Project root " + nope + " does not exist. Give the project's directory with --root or"
                + " KOLDY_ROOT, or run koldy from it.", e.getMessage());
    }

    /** Every accepted name works on every database: none too long for a derived index, none reserved. */
    @Test
    void historyTableNamesThatWouldFailOnSomeDatabaseAreRefused() throws IOException {
        String fiftyFive = "t".repeat(55);
        assertEquals(fiftyFive, load("default.url = jdbc:sqlite:a.db\nmigrations.table = " + fiftyFive + "\n")
                .historyTable());
        for (String bad : List.of("t".repeat(56), "order", "Select", "user")) {
            assertTrue(failure("default.url = jdbc:sqlite:a.db\nmigrations.table = " + bad + "\n").getMessage()
                    .contains("'" + bad + "' is not a valid table name (letters, digits and _, at most 55 characters,"
                            + " not starting with a digit, not a reserved word)"), bad);
        }
    }

    /** One list of supported databases: the message derives from it, and MariaDB's own URL is an application's. */
    @Test
    void supportedUrlsComeFromOneList() {
        assertTrue(failure("default.url = jdbc:oracle:thin:@h:1521:x\n").getMessage()
                .endsWith("is not a supported JDBC URL; use jdbc:sqlite:, jdbc:postgresql: or jdbc:mysql:."));
        assertEquals(SupportedUrls.Kind.MYSQL, SupportedUrls.kindOfDataSource("jdbc:mariadb://h/db"));
        assertNull(SupportedUrls.kindOf("jdbc:mariadb://h/db"), "koldy.jar's MySQL driver does not take jdbc:mariadb:");
        assertEquals(List.of("SQLite", "PostgreSQL", "MySQL"), java.util.Arrays.stream(SupportedUrls.Kind.values())
                .map(kind -> koldy.dialect.Dialects.forUrl(kind.prefix() + "x").name()).toList());
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingIt() {
        KoldyException e = failure("connections = default\ndefault.url = jdbc:sqlite:a.db\ndefault.url = jdbc:sqlite:b.db\n");
        assertEquals("configs/database.properties: key 'default.url' is given twice; keep one.", e.getMessage());
    }

    @Test
    void migrationsIgnoreListsFileNamePatterns() throws IOException {
        Config config = load("connections = default\ndefault.url = jdbc:sqlite:a.db\n"
                + "migrations.ignore = *.SQL, 20200101_old copy.sql,\n");
        assertEquals(List.of("*.SQL", "20200101_old copy.sql"), config.ignoredFiles());
        assertEquals(List.of(), load("connections = default\ndefault.url = jdbc:sqlite:a.db\n").ignoredFiles());
        KoldyException e = failure("connections = default\ndefault.url = jdbc:sqlite:a.db\nmigrations.ignore = [a\n");
        assertTrue(e.getMessage().startsWith("configs/database.properties: key 'migrations.ignore' '[a' is not a"
                + " file-name pattern"), e.getMessage());
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstKey() throws IOException {
        Config config = load("\uFEFFconnections = default\ndefault.url = jdbc:sqlite:a.db\n");
        assertEquals("default", config.connections().get(0).name());
    }

    @Test
    void aMisspelledUrlKeyIsNamedAsSuchNotAsAMissingUrl() {
        KoldyException e = failure("connections = default\ndefault.uri = jdbc:sqlite:a.db\n");
        assertTrue(e.getMessage().contains("'default.uri' is not a known key; did you mean 'default.url'?"),
                e.getMessage());
    }

    @Test
    void aMariaDbUrlIsToldToUseJdbcMysql() {
        KoldyException e = failure("connections = default\ndefault.url = jdbc:mariadb://127.0.0.1:3306/app\n");
        assertTrue(e.getMessage().contains("MariaDB servers take jdbc:mysql:"), e.getMessage());
    }
}
