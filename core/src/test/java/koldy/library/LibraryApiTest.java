package koldy.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import koldy.Advice;
import koldy.Applied;
import koldy.KoldyException;
import koldy.MigrateOptions;
import koldy.MigrationState;
import koldy.Status;
import koldy.testing.TestDatabase;
import koldy.testing.TestProject;

/** koldy embedded in an application, with the application's own HikariCP pool. */
class LibraryApiTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void migratesAtStartUpWithTheApplicationsDataSource(TestDatabase database) throws Exception {
        try (TestProject project = new TestProject(database, directory)) {
            Path migrations = Files.createDirectories(directory.resolve("db/migrations"));
            Files.writeString(migrations.resolve("1700000100_CreateAccounts.sql"),
                    "-- koldy:up\nCREATE TABLE accounts (id integer);\n-- koldy:down\nDROP TABLE accounts;\n");
            Files.writeString(migrations.resolve("1700000200_SeedAccounts.java"), "import koldy.Db;\n"
                    + "import koldy.Migration;\npublic class Migration_1700000200_SeedAccounts extends Migration {\n"
                    + "  public void up() { Db.insert(\"accounts\").set(\"id\", 7).exec(); }\n"
                    + "  public void down() { Db.delete(\"accounts\").where(\"id = ?\", 7).exec(); }\n}\n");
            HikariConfig hikari = new HikariConfig();
            hikari.setJdbcUrl(project.url());
            hikari.setMaximumPoolSize(3);
            try (HikariDataSource pool = new HikariDataSource(hikari)) {
                try (Koldy koldy = Koldy.configure().dataSource(pool).projectRoot(directory)
                        .migrationsDirectory(Path.of("db/migrations")).build()) {
                    Status before = koldy.status();
                    assertEquals(2, before.count(MigrationState.PENDING));

                    List<Applied> applied = koldy.migrate();

                    assertEquals(List.of("1700000100_CreateAccounts", "1700000200_SeedAccounts"),
                            applied.stream().map(Applied::script).toList());
                    assertEquals(List.of("7"), project.strings("SELECT id FROM accounts"));
                    assertEquals(List.of(), koldy.migrate(), "a second start-up runs nothing");
                    assertEquals(1, koldy.rollback(1).size());
                    assertEquals(List.of(), project.strings("SELECT id FROM accounts"));
                }
                assertFalse(pool.isClosed(), "the application's pool stays open");
                assertTrue(project.tableExists("koldy_migration"));
            }
        }
    }

    /** A run's progress comes to the application as typed events, with the command line's lines. */
    @Test
    void progressArrivesAsEvents() throws Exception {
        try (TestProject project = new TestProject(TestDatabase.SQLITE, directory)) {
            project.sqlMigration(1700000100, "A", "-- koldy:up\nCREATE TABLE a (id integer);\n-- koldy:down\nDROP TABLE a;\n");
            project.sqlMigration(1700000200, "B", "-- koldy:up\nCREATE TABLE b (id integer);\n-- koldy:down\nDROP TABLE b;\n");
            List<koldy.RunEvent> events = new java.util.ArrayList<>();
            try (Koldy koldy = Koldy.configure().projectRoot(directory).configFile(Path.of("configs/database.properties"))
                    .environment(project.environment()).listener(events::add).build()) {
                koldy.migrate();
                koldy.migrate();
                koldy.rollback(1);
            }
            List<String> shapes = events.stream().map(e -> e instanceof koldy.RunEvent.Applied a
                    ? (a.up() ? "applied " : "reverted ") + a.script() + " " + a.position() + "/" + a.total()
                    : e instanceof koldy.RunEvent.Database d ? "database " + d.connection() + " " + d.product()
                    : e.message()).toList();
            shapes = shapes.stream().filter(line -> !line.startsWith("Creating")).toList();
            assertTrue(shapes.get(0).matches("database default SQLite 3\\.[0-9.]+"), "said first, once: " + shapes);
            assertEquals(List.of("applied 1700000100_A 1/2", "applied 1700000200_B 2/2",
                    "Nothing to migrate: all 2 migrations are executed.", "reverted 1700000200_B 1/1"),
                    shapes.subList(1, shapes.size()));
            assertTrue(events.get(events.size() - 1).message().matches("Rolled back 1700000200_B \\(1/1\\) in \\d+\\.\\d{3} s"),
                    events.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void failuresAreExceptionsWithTheCommandLinesExitCodes(TestDatabase database) throws Exception {
        try (TestProject project = new TestProject(database, directory)) {
            project.sqlMigration(1700000100, "Broken", "-- koldy:up\nCREATE TABLE;\n");
            HikariConfig hikari = new HikariConfig();
            hikari.setJdbcUrl(project.url());
            try (HikariDataSource pool = new HikariDataSource(hikari);
                 Koldy koldy = Koldy.configure().dataSource(pool).projectRoot(directory).build()) {
                KoldyException e = assertThrows(KoldyException.class, koldy::migrate);
                assertEquals(KoldyException.MIGRATION_FAILED, e.exitCode());
                assertTrue(e.getMessage().contains("1700000100_Broken.sql:2:"), e.getMessage());
            }
        }
    }

    /** A refusal tells an application the API call to make, not a koldy command it does not have. */
    @Test
    void refusalsNameTheApiCallsNotTheCommandLine() throws Exception {
        try (TestProject project = new TestProject(TestDatabase.SQLITE, directory)) {
            project.sqlMigration(1700000200, "Newer", "-- koldy:up\nCREATE TABLE b (id integer);\n-- koldy:down\nDROP TABLE b;\n");
            HikariConfig hikari = new HikariConfig();
            hikari.setJdbcUrl(project.url());
            try (HikariDataSource pool = new HikariDataSource(hikari);
                 Koldy koldy = Koldy.configure().dataSource(pool).projectRoot(directory).build()) {
                koldy.migrate();
                project.sqlMigration(1700000100, "Older", "-- koldy:up\nCREATE TABLE a (id integer);\n"
                        + "-- koldy:down\nDROP TABLE a;\n");
                KoldyException e = assertThrows(KoldyException.class, koldy::migrate);
                assertEquals(KoldyException.REFUSED, e.exitCode());
                assertTrue(e.getMessage().endsWith("migrate with MigrateOptions.defaults().withForce()"), e.getMessage());
                assertFalse(e.getMessage().contains("koldy migrate --force"), e.getMessage());
                assertEquals(1, koldy.migrate(MigrateOptions.defaults().withForce()).size());
            }
        }
    }

    /** A tool that wraps koldy words refusals as its own commands. */
    @Test
    void aWrappingToolWordsRefusalsAsItsOwnCommands() throws Exception {
        try (TestProject project = new TestProject(TestDatabase.SQLITE, directory)) {
            project.sqlMigration(1700000100, "Changed", "-- koldy:up\nCREATE TABLE a (id integer);\n");
            Advice gradle = new Advice("gradle koldyMigrate", "run: gradle koldyMigrate --force",
                    "gradle koldyRepair", "gradle koldyStatus", "gradle koldyRepair --forget %s",
                    "gradle koldyRedo --force");
            try (Koldy koldy = Koldy.configure().projectRoot(directory).environment(project.environment())
                    .advice(gradle).build()) {
                koldy.migrate();
                project.sqlMigration(1700000100, "Changed", "-- koldy:up\nCREATE TABLE a (id bigint);\n");
                KoldyException e = assertThrows(KoldyException.class, koldy::migrate);
                assertEquals(KoldyException.Reason.CHANGED_OR_MISSING, e.reason());
                assertTrue(e.getMessage().contains("gradle koldyRepair"), e.getMessage());
                assertFalse(e.getMessage().contains("Koldy.repair()"), e.getMessage());
            }
        }
    }
}
