package koldy.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import koldy.Applied;
import koldy.KoldyException;
import koldy.MigrateOptions;
import koldy.MigrationFile;
import koldy.MigrationState;
import koldy.MigrationStatus;
import koldy.Status;
import koldy.TenantOptions;
import koldy.TenantOutcome;
import koldy.load.MigrationPackager;
import koldy.testing.TestDatabase;
import koldy.testing.TestProject;

/**
 * Migrations the build packaged onto the class path run as the command line runs the same files:
 * the same scripts and checksums in one history, whichever of the two ran them.
 */
class ClasspathMigrationsTest {

    @TempDir
    Path directory;

    private static final String LOCATION = "koldy/migrations";
    private static final String TENANT_LOCATION = "koldy/tenant-migrations";

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anApplicationAndTheCommandLineAgreeAboutOneHistoryBothWays(TestDatabase database) throws Exception {
        try (TestProject project = new TestProject(database, directory.resolve("project"))) {
            project.sqlMigration(1700000100, "CreateAccounts",
                    "-- koldy:up\r\nCREATE TABLE accounts (id integer);\r\n-- koldy:down\r\nDROP TABLE accounts;\r\n");
            project.writeMigration(1700000200, "SeedAccounts",
                    "        Db.insert(\"accounts\").set(\"id\", Helper.ID).exec();\n",
                    "        Db.delete(\"accounts\").where(\"id = ?\", Helper.ID).exec();\n    }\n"
                            + "    static final class Helper { static final int ID = 7; }\n    void unused() {\n");
            Path classes = directory.resolve("classes");
            List<MigrationFile> packaged = packageInto(project, classes);
            assertEquals(List.of("1700000100_CreateAccounts", "1700000200_SeedAccounts"),
                    packaged.stream().map(MigrationFile::script).toList());
            assertTrue(Files.exists(classes.resolve("Migration_1700000200_SeedAccounts$Helper.class")),
                    "a migration's nested classes are packaged with it");

            // The application applies them from the class path; the command line's view agrees.
            try (URLClassLoader application = loaderOf(classes); Koldy app = fromClasspath(project, application)) {
                assertEquals(List.of("1700000100_CreateAccounts", "1700000200_SeedAccounts"),
                        app.migrate().stream().map(Applied::script).toList());
                assertEquals(List.of("7"), project.strings("SELECT id FROM accounts"));
            }
            Status commandLine = project.migrator().status();
            assertEquals(2, commandLine.count(MigrationState.EXECUTED), commandLine.toString());
            assertTrue(commandLine.upToDate(), "same scripts, same checksums: nothing changed, nothing pending");

            // The command line applies a new one; the application, packaged again, finds nothing to do.
            project.sqlMigration(1700000300, "AddName",
                    "-- koldy:up\nALTER TABLE accounts ADD name varchar(20);\n-- koldy:down\nSELECT 1;\n");
            assertEquals(1, project.migrator().migrate(MigrateOptions.defaults()).size());
            packageInto(project, classes);
            try (URLClassLoader application = loaderOf(classes); Koldy app = fromClasspath(project, application)) {
                Status status = app.status();
                assertEquals(List.of(MigrationState.EXECUTED, MigrationState.EXECUTED, MigrationState.EXECUTED),
                        status.migrations().stream().map(MigrationStatus::state).toList());
                assertEquals(List.of(), app.migrate());
                assertEquals(1, app.rollback(1).size(), "rollback runs the packaged down section");
            }
            assertEquals(List.of("1700000100_CreateAccounts", "1700000200_SeedAccounts"), project.history());
        }
    }

    @Test
    void aPackagedFileThatDiffersFromItsIndexIsRefusedBeforeAnythingRuns() throws Exception {
        try (TestProject project = new TestProject(TestDatabase.SQLITE, directory.resolve("project"))) {
            project.sqlMigration(1700000100, "A", "-- koldy:up\nCREATE TABLE a (id integer);\n");
            project.sqlMigration(1700000200, "B", "-- koldy:up\nCREATE TABLE b (id integer);\n");
            Path classes = directory.resolve("classes");
            packageInto(project, classes);
            Files.writeString(classes.resolve(LOCATION).resolve("1700000200_B.sql"),
                    "-- koldy:up\nCREATE TABLE c (id integer);\n");
            try (URLClassLoader application = loaderOf(classes); Koldy app = fromClasspath(project, application)) {
                KoldyException e = assertThrows(KoldyException.class, app::migrate);
                assertEquals(KoldyException.Reason.INVALID_MIGRATION, e.reason());
                assertTrue(e.getMessage().contains("classpath:koldy/migrations/1700000200_B.sql"), e.getMessage());
            }
            assertEquals(List.of(), project.tables().stream().filter(t -> t.equals("a")).toList(),
                    "nothing ran");
        }
    }

    @Test
    void anApplicationWithoutAnIndexIsToldHowToMakeOne() throws Exception {
        try (TestProject project = new TestProject(TestDatabase.SQLITE, directory.resolve("project"));
             URLClassLoader empty = loaderOf(Files.createDirectories(directory.resolve("empty")));
             Koldy app = fromClasspath(project, empty)) {
            KoldyException e = assertThrows(KoldyException.class, app::migrate);
            assertEquals(KoldyException.USAGE_OR_CONFIG, e.exitCode());
            assertTrue(e.getMessage().contains("classpath:koldy/migrations/index.tsv"), e.getMessage());
        }
    }

    @Test
    void packagingAgainRemovesWhatTheDirectoryNoLongerHas() throws Exception {
        try (TestProject project = new TestProject(TestDatabase.SQLITE, directory.resolve("project"))) {
            Path sql = project.sqlMigration(1700000100, "A", "-- koldy:up\nCREATE TABLE a (id integer);\n");
            Path java = project.writeMigration(1700000200, "B", "", "");
            Path classes = directory.resolve("classes");
            packageInto(project, classes);
            Files.delete(sql);
            Files.delete(java);
            assertEquals(List.of(), packageInto(project, classes));
            assertEquals(List.of("index.tsv"), list(classes.resolve(LOCATION)));
            assertEquals(List.of("koldy"), list(classes));
        }
    }

    @Test
    void tenantsGivenInCodeRunTheirOwnPackagedMigrations() throws Exception {
        try (TestProject project = new TestProject(TestDatabase.SQLITE, directory.resolve("project"))) {
            project.sqlMigration(1700000100, "Shared", "-- koldy:up\nCREATE TABLE shared (id integer);\n");
            Path tenantMigrations = Files.createDirectories(project.root().resolve("application/tenant-migrations"));
            Files.writeString(tenantMigrations.resolve("1700000200_Notes.sql"),
                    "-- koldy:up\nCREATE TABLE notes (id integer);\n");
            Files.writeString(tenantMigrations.resolve("1700000300_SeedNotes.java"),
                    "import koldy.Db;\nimport koldy.Migration;\n\npublic class Migration_1700000300_SeedNotes"
                            + " extends Migration {\n    @Override public void up() throws Exception {\n"
                            + "        Db.query(\"INSERT INTO notes VALUES (3)\").exec();\n    }\n"
                            + "    @Override public void down() throws Exception {\n    }\n}\n");
            Path classes = directory.resolve("classes");
            Map<Path, String> locations = new java.util.LinkedHashMap<>();
            locations.put(project.migrationsDirectory(), LOCATION);
            locations.put(tenantMigrations, TENANT_LOCATION);
            Map<String, List<MigrationFile>> packaged = new MigrationPackager(project.root(),
                    project.migrationsDirectory()).write(classes, locations);
            assertEquals(List.of("1700000200_Notes", "1700000300_SeedNotes"),
                    packaged.get(TENANT_LOCATION).stream().map(MigrationFile::script).toList());

            String tenants = directory.resolve("tenants").toString();
            Files.createDirectories(Path.of(tenants));
            try (URLClassLoader application = loaderOf(classes);
                 Koldy app = Koldy.configure().connection("default", project.url(), null, null)
                         .classpathMigrations(application, LOCATION)
                         .tenants(Map.of("url", "jdbc:sqlite:" + tenants + "/{tenant}.sqlite", "list", "acme, globex"),
                                 "the test's tenants")
                         .tenantClasspathMigrations(application, TENANT_LOCATION).build()) {
                assertEquals(List.of("1700000100_Shared"), app.migrate().stream().map(Applied::script).toList());
                List<TenantOutcome> outcomes = app.migrateTenants(MigrateOptions.defaults(),
                        new TenantOptions(0, false, null));
                assertEquals(List.of("acme", "globex"), outcomes.stream().map(TenantOutcome::tenant).toList());
                for (TenantOutcome outcome : outcomes) {
                    assertEquals(List.of("1700000200_Notes", "1700000300_SeedNotes"),
                            outcome.applied().stream().map(Applied::script).toList(), outcome.tenant());
                }
                try (Koldy acme = app.tenant("acme")) {
                    assertTrue(acme.status().upToDate());
                }
            }
            try (java.sql.Connection globex = java.sql.DriverManager.getConnection("jdbc:sqlite:" + tenants
                    + "/globex.sqlite"); java.sql.ResultSet notes = globex.createStatement()
                    .executeQuery("SELECT id FROM notes")) {
                assertTrue(notes.next());
                assertEquals(3, notes.getInt(1), "the tenant's packaged Java migration ran");
            }
        }
    }

    @Test
    void twoPackagedDirectoriesThatCompileToOneClassAreRefused() throws Exception {
        try (TestProject project = new TestProject(TestDatabase.SQLITE, directory.resolve("project"))) {
            Path shared = project.writeMigration(1700000200, "Seed", "", "");
            Path tenantMigrations = Files.createDirectories(project.root().resolve("application/tenant-migrations"));
            Files.copy(shared, tenantMigrations.resolve(shared.getFileName()));
            Map<Path, String> locations = new java.util.LinkedHashMap<>();
            locations.put(project.migrationsDirectory(), LOCATION);
            locations.put(tenantMigrations, TENANT_LOCATION);
            KoldyException e = assertThrows(KoldyException.class, () -> new MigrationPackager(project.root(),
                    project.migrationsDirectory()).write(directory.resolve("classes"), locations));
            assertEquals("application/tenant-migrations/1700000200_Seed.java and"
                    + " application/migrations/1700000200_Seed.java compile to the same class"
                    + " Migration_1700000200_Seed, and packaged migrations share one class path: give one of them"
                    + " another timestamp or name.", e.getMessage());
        }
    }

    private static List<MigrationFile> packageInto(TestProject project, Path classes) {
        return new MigrationPackager(project.root(), project.migrationsDirectory()).write(classes, LOCATION);
    }

    private static List<String> list(Path folder) throws Exception {
        try (var entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static URLClassLoader loaderOf(Path classes) throws Exception {
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, Koldy.class.getClassLoader());
    }

    private static Koldy fromClasspath(TestProject project, ClassLoader application) {
        return Koldy.configure().projectRoot(project.root()).configFile(Path.of("configs/database.properties"))
                .environment(project.environment()).classpathMigrations(application, LOCATION).build();
    }
}
