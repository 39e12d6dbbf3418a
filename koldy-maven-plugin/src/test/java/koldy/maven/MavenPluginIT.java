package koldy.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Maven builds of the example project in {@code src/it/app}, with this build's plugin
 * (installed by the invoker plugin before the integration tests).
 */
class MavenPluginIT {

    private static final Path EXAMPLE = Path.of(System.getProperty("koldy.examples", "src/it")).resolve("app");
    private static final String VERSION = System.getProperty("koldy.version", "0.1.0-SNAPSHOT");

    @TempDir
    Path directory;

    record Build(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + output;
        }
    }

    @Test
    void migrateTwiceTheSecondAppliesNothingAndStatusPrintsWhatTheCommandLinePrints() throws Exception {
        Path project = example();

        Build first = mvn(project, Map.of(), "koldy:migrate");
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.output().contains("[INFO] Migrated 1764000100_CreateAccounts (1/2) in "), first.toString());
        assertTrue(first.output().contains("[INFO] Migrated 1764000200_SeedAccounts (2/2) in "), first.toString());
        assertEquals(List.of("1|Ann"), rows(sqlite(project, "target/app.sqlite"), "SELECT id, name FROM accounts"));
        assertFalse(first.output().contains("koldy-default - Start"), "the pool's own chatter stays out: " + first);

        Build second = mvn(project, Map.of(), "koldy:migrate");
        assertEquals(0, second.exitCode(), second.toString());
        assertTrue(second.output().contains("[INFO] Nothing to migrate: all 2 migrations are executed."),
                second.toString());
        assertFalse(second.output().contains("Migrated "), second.toString());

        Build status = mvn(project, Map.of(), "koldy:status");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.output().contains("[INFO] STATE     TIMESTAMP   MIGRATION"), status.toString());
        assertTrue(status.output().contains("[INFO] executed  1764000200  1764000200_SeedAccounts"), status.toString());
        assertTrue(status.output().contains("[INFO] 2 executed"), status.toString());
    }

    @Test
    void verifyMigratesBeforeTheIntegrationTests() throws Exception {
        Path project = example();
        Build build = mvn(project, Map.of(), "verify");
        assertEquals(0, build.exitCode(), build.toString());
        assertTrue(build.output().contains("koldy-maven-plugin:" + VERSION + ":migrate (migrate-before-integration-tests)"),
                build.toString());
        assertEquals(List.of("1|Ann"), rows(sqlite(project, "target/app.sqlite"), "SELECT id, name FROM accounts"));
    }

    @Test
    void aFailingMigrationFailsTheBuildWithKoldysOneLineNamingIt() throws Exception {
        Path project = example();
        Files.writeString(project.resolve("application/migrations/1764000300_Broken.sql"),
                "-- koldy:up\nCREATE TABLE broken (;\n-- koldy:down\nDROP TABLE broken;\n");
        Build build = mvn(project, Map.of(), "koldy:migrate");
        assertEquals(1, build.exitCode(), build.toString());
        String error = build.output().lines().filter(l -> l.startsWith("[ERROR] Failed to execute goal")).findFirst()
                .orElseThrow(() -> new AssertionError(build.toString()));
        assertTrue(error.contains(": koldy [migration failed, exit code 1]: Migration 1764000300_Broken failed: "
                + "application/migrations/1764000300_Broken.sql:2: "), error);
        assertFalse(build.output().contains("\tat koldy."), "no stack trace without -e: " + build);
        assertEquals(List.of("1|Ann"), rows(sqlite(project, "target/app.sqlite"), "SELECT id, name FROM accounts"),
                "the migrations before it stay applied");
    }

    /** A migration that ends Maven's JVM (System.exit(0)) fails the build: a CI job must not go on. */
    @Test
    void aMigrationThatEndsTheJvmFailsTheBuild() throws Exception {
        Path project = example();
        Files.writeString(project.resolve("application/migrations/1764000300_Exits.java"),
                "import koldy.Migration;\n\npublic class Migration_1764000300_Exits extends Migration {\n"
                + "    @Override public void up() {\n        System.exit(0);\n    }\n"
                + "    @Override public void down() {\n    }\n}\n");
        Build build = mvn(project, Map.of(), "koldy:migrate");
        assertEquals(1, build.exitCode(), build.toString());
        assertTrue(build.output().contains("The process was ended while migration 1764000300_Exits was running"),
                build.toString());
        assertEquals(List.of("1|Ann"), rows(sqlite(project, "target/app.sqlite"), "SELECT id, name FROM accounts"),
                "the migrations before it stay applied");
    }

    @Test
    void packageMigrationsCompilesAndIndexesThemForTheClassPath() throws Exception {
        Path project = example();
        Build build = mvn(project, Map.of(), "process-classes", "koldy:package-migrations");
        assertEquals(0, build.exitCode(), build.toString());
        assertTrue(build.output().contains("[INFO] koldy: packaged 2 migrations (1 Java, compiled) into"
                + " classpath:koldy/migrations"), build.toString());
        Path classes = project.resolve("target/classes");
        assertTrue(Files.exists(classes.resolve("Migration_1764000200_SeedAccounts.class")));
        assertEquals(Files.readString(project.resolve("application/migrations/1764000100_CreateAccounts.sql")),
                Files.readString(classes.resolve("koldy/migrations/1764000100_CreateAccounts.sql")));
        List<String> index = Files.readAllLines(classes.resolve("koldy/migrations/index.tsv"));
        assertEquals(3, index.size(), index.toString());
        assertTrue(index.get(1).matches("1764000100_CreateAccounts\tsql\t[0-9a-f]{64}\t"
                + "koldy/migrations/1764000100_CreateAccounts.sql"), index.toString());
        assertTrue(index.get(2).matches("1764000200_SeedAccounts\tjava\t[0-9a-f]{64}\t"
                + "Migration_1764000200_SeedAccounts"), index.toString());
        assertFalse(Files.exists(classes.resolve("koldy/tenant-migrations")), "no tenants' directory, nothing packaged");

        // the tenants' migrations, where there are some, go to a location of their own
        Path tenantMigrations = Files.createDirectories(project.resolve("application/tenant-migrations"));
        Files.writeString(tenantMigrations.resolve("1764000300_CreateNotes.sql"), "-- koldy:up\nCREATE TABLE notes (id int);\n");
        Build again = mvn(project, Map.of(), "process-classes", "koldy:package-migrations");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.output().contains("[INFO] koldy: packaged 1 migration (0 Java, compiled) into"
                + " classpath:koldy/tenant-migrations"), again.toString());
        List<String> tenantIndex = Files.readAllLines(classes.resolve("koldy/tenant-migrations/index.tsv"));
        assertTrue(tenantIndex.get(1).startsWith("1764000300_CreateNotes\tsql\t"), tenantIndex.toString());
        assertTrue(Files.exists(classes.resolve("Migration_1764000200_SeedAccounts.class")), "the shared class stays");
    }

    /** -Dkoldy.tenants migrates every tenant; a failed tenant fails the build naming it, after the others ran. */
    @Test
    void tenantsMigrateEachTenantAndAFailedOneFailsTheBuild() throws Exception {
        Path project = example();
        Map<String, String> tenants = Map.of("KOLDY_TENANTS_URL", "jdbc:sqlite:target/tenant-{tenant}.sqlite",
                "KOLDY_TENANTS_LIST", "acme,globex", "KOLDY_TENANTS_DIRECTORY", "application/migrations");

        Build build = mvn(project, tenants, "koldy:migrate", "-Dkoldy.tenants", "-Dkoldy.parallel=2");

        assertEquals(0, build.exitCode(), build.toString());
        assertTrue(build.output().contains("[INFO] koldy: tenants: 2: 2 migrated, 0 up to date, 0 failed"), build.toString());
        for (String tenant : List.of("acme", "globex")) {
            assertEquals(List.of("1|Ann"), rows(sqlite(project, "target/tenant-" + tenant + ".sqlite"),
                    "SELECT id, name FROM accounts"));
        }
        assertFalse(Files.exists(project.resolve("target/app.sqlite")), "the project's own database is not touched");

        Map<String, String> more = new java.util.HashMap<>(tenants);
        more.put("KOLDY_TENANTS_LIST", "acme,globex,initech");
        Files.writeString(project.resolve("target/tenant-initech.sqlite"), "not a database");
        Build failed = mvn(project, more, "koldy:migrate", "-Dkoldy.tenants");

        assertEquals(1, failed.exitCode(), failed.toString());
        assertTrue(failed.output().contains("koldy: tenants: 3: 0 migrated, 2 up to date, 1 failed"), failed.toString());
        assertTrue(failed.output().contains("1 of 3 tenants failed; the first, initech: "), failed.toString());
    }

    @Test
    void skipRunsNothing() throws Exception {
        Path project = example();
        Build build = mvn(project, Map.of(), "koldy:migrate", "-Dkoldy.skip");
        assertEquals(0, build.exitCode(), build.toString());
        assertTrue(build.output().contains("[INFO] koldy: skipped (koldy.skip)"), build.toString());
        assertFalse(Files.exists(project.resolve("target/app.sqlite")), "no database was created");
    }

    @Test
    void theEnvironmentAloneConfiguresIt() throws Exception {
        Path project = example();
        deleteTree(project.resolve("configs"));
        Build build = mvn(project, Map.of("KOLDY_DEFAULT_URL", "jdbc:sqlite:target/from-env.sqlite"), "koldy:migrate");
        assertEquals(0, build.exitCode(), build.toString());
        assertEquals(List.of("1|Ann"), rows(sqlite(project, "target/from-env.sqlite"), "SELECT id, name FROM accounts"));
    }

    @Test
    void dashDBeatsTheEnvironmentWhichBeatsThePomWhichBeatsTheFile() throws Exception {
        Path project = example();
        Path pom = project.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("<executions>",
                "<configuration><properties><default.url>jdbc:sqlite:target/pom.sqlite</default.url></properties>"
                        + "</configuration>\n        <executions>"));
        assertEquals(0, mvn(project, Map.of(), "koldy:migrate").exitCode());
        assertTrue(Files.exists(project.resolve("target/pom.sqlite")), "the pom beats the file");
        assertEquals(0, mvn(project, Map.of("KOLDY_DEFAULT_URL", "jdbc:sqlite:target/env.sqlite"), "koldy:migrate")
                .exitCode());
        assertTrue(Files.exists(project.resolve("target/env.sqlite")), "the environment beats the pom");
        assertEquals(0, mvn(project, Map.of("KOLDY_DEFAULT_URL", "jdbc:sqlite:target/env.sqlite"), "koldy:migrate",
                "-Dkoldy.default.url=jdbc:sqlite:target/d.sqlite").exitCode());
        assertTrue(Files.exists(project.resolve("target/d.sqlite")), "-D beats the environment");
        assertFalse(Files.exists(project.resolve("target/app.sqlite")), "the file's URL was overridden each time");
    }

    @Test
    void migratesAPostgreSqlDatabase() throws Exception {
        String server = System.getenv().getOrDefault("KOLDY_TEST_POSTGRES_URL",
                "jdbc:postgresql://127.0.0.1:5432/koldy_test?user=postgres");
        String schema = "koldy_plugin_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = connectOrSkip(server); Statement s = admin.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            try {
                Path project = example();
                String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
                Build build = mvn(project, Map.of(), "koldy:migrate", "-Dkoldy.default.url=" + url);
                assertEquals(0, build.exitCode(), build.toString());
                assertEquals(List.of("1|Ann"), rows(DriverManager.getConnection(url), "SELECT id, name FROM accounts"));
                assertEquals(List.of("1764000100_CreateAccounts|", "1764000200_SeedAccounts|"),
                        rows(DriverManager.getConnection(url), "SELECT script, '' FROM koldy_migration ORDER BY id"));
                assertFalse(build.output().contains("password"), build.toString());
            } finally {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static Connection connectOrSkip(String url) {
        try {
            return DriverManager.getConnection(url);
        } catch (SQLException e) {
            assumeTrue(!"1".equals(System.getenv("KOLDY_TEST_REQUIRE_ALL")), "PostgreSQL is required: " + e);
            assumeTrue(false, "no PostgreSQL at " + url.replaceAll("password=[^&]*", "password=***") + ": " + e);
            throw new IllegalStateException(e);
        }
    }

    private Path example() throws IOException {
        Path project = directory.resolve("app");
        try (Stream<Path> paths = Files.walk(EXAMPLE)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = project.resolve(EXAMPLE.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.writeString(target, Files.readString(p).replace("@koldy.version@", VERSION));
                }
            }
        }
        return project;
    }

    private static Build mvn(Path project, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-ntp"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("KOLDY_") && !k.startsWith("KOLDY_TEST_"));
        env.putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "mvn finished");
        return new Build(process.exitValue(), output);
    }

    private static Connection sqlite(Path project, String file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + project.resolve(file));
    }

    private static List<String> rows(Connection connection, String sql) throws SQLException {
        try (connection; Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (r.next()) {
                rows.add(r.getString(1) + "|" + r.getString(2));
            }
            return rows;
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
