package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import koldy.testing.Launcher;
import koldy.testing.Launcher.Result;
import koldy.testing.Projects;
import koldy.testing.TestDatabase;
import koldy.testing.TestProject;

/**
 * A migration cannot end a run as a success: not with {@code System.exit(0)}, not with an
 * {@code Error}. Each is that migration's failure, with exit 1, one message naming it, and the
 * history state the database allows.
 */
class HostileMigrationIT {

    @TempDir
    Path directory;

    @RegisterExtension
    final Projects projects = new Projects();

    TestProject project;

    private Result koldy(String... args) {
        return Launcher.run(project.root(), project.environment(), args);
    }

    /** A first migration that works, then one that creates b_table and then misbehaves. */
    private void secondMigrationMisbehaves(TestDatabase database, String misbehaviour) {
        project = projects.create(database, directory);
        project.javaMigration(1700000100, "CreateA", List.of("CREATE TABLE a_table (id integer)"),
                List.of("DROP TABLE a_table"));
        project.writeMigration(1700000200, "Misbehaves",
                "        Db.query(\"CREATE TABLE b_table (id integer)\").exec();\n" + misbehaviour,
                "        Db.query(\"DROP TABLE b_table\").exec();\n");
    }

    /** On MySQL the DDL committed, so the migration is recorded as not completed; elsewhere it is undone. */
    private void assertStoppedAtTheSecond(TestDatabase database, Result result) {
        assertEquals(1, result.exitCode(), result.toString());
        assertFalse(result.all().contains("Exception in thread"), result.toString());
        assertFalse(result.out().contains("Migrated 1700000200_Misbehaves"), result.toString());
        assertEquals(List.of("1700000100_CreateA"), project.history());
        if (database == TestDatabase.MYSQL) {
            assertEquals(1, project.failures().size(), project.failures().toString());
            assertTrue(project.failures().get(0).startsWith("1700000200_Misbehaves="), project.failures().toString());
        } else {
            assertEquals(List.of(), project.failures());
            assertFalse(project.tableExists("b_table"), "rolled back");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void systemExitInAMigrationIsItsFailureNotASuccess(TestDatabase database) {
        secondMigrationMisbehaves(database, "        System.exit(0);\n");

        Result result = koldy("migrate");

        assertStoppedAtTheSecond(database, result);
        assertTrue(result.err().contains("Error: The process was ended while migration 1700000200_Misbehaves was"
                + " running (System.exit() in the migration, or a signal)"), result.toString());
        Result again = koldy("migrate");
        assertEquals(database == TestDatabase.MYSQL ? 3 : 1, again.exitCode(), "never a success: " + again);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anAssertionErrorIsThatMigrationsFailure(TestDatabase database) {
        secondMigrationMisbehaves(database, "        if (true) throw new AssertionError(\"boom\");\n");

        Result result = koldy("migrate");

        assertStoppedAtTheSecond(database, result);
        assertTrue(result.err().contains("Migration 1700000200_Misbehaves failed: AssertionError: boom\n  at"
                + " 1700000200_Misbehaves.java:"), result.toString());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aStackOverflowIsThatMigrationsFailure(TestDatabase database) {
        secondMigrationMisbehaves(database, "        recurse(1);\n    }\n    private static int recurse(int n) {\n"
                + "        return recurse(n + 1) + 1;\n");

        Result result = koldy("migrate");

        assertStoppedAtTheSecond(database, result);
        assertTrue(result.err().contains("Migration 1700000200_Misbehaves failed: java.lang.StackOverflowError"),
                result.toString());
    }
}
