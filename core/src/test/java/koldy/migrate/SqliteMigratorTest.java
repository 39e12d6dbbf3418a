package koldy.migrate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import koldy.RollbackOptions;
import koldy.MigrateOptions;
import koldy.load.SplitterSamples;
import koldy.KoldyException;
import koldy.MigrationState;
import koldy.testing.TestDatabase;

class SqliteMigratorTest extends MigratorContract {

    @Override
    TestDatabase database() {
        return TestDatabase.SQLITE;
    }

    @Override
    List<String> koldyPhpDdl() {
        return List.of("CREATE TABLE koldy_migration (id integer primary key autoincrement, script char(255) not null,"
                + " script_timestamp integer not null, script_executed_at char(20) not null,"
                + " script_execution_duration integer not null)");
    }

    @Override
    String sessionMovingStatement() {
        return "SELECT 1";
    }

    @Override
    String splitterSample() {
        return SplitterSamples.SQLITE;
    }

    @Override
    void assertSplitterSampleWorks() {
        project.execute("INSERT INTO koldy_counted VALUES (1)");
        assertEquals(List.of("1|counted; again"), project.strings("SELECT n || '|' || note FROM koldy_audit"));
    }

    /** Editors on Windows save a byte-order mark; javac would reject it, koldy drops it. */
    @Test
    void aJavaMigrationWithAByteOrderMarkCompiles() throws Exception {
        java.nio.file.Path file = project.writeMigration(1700000100, "WithBom",
                "        koldy.Db.query(\"CREATE TABLE bom (id integer)\").exec();\n",
                "        koldy.Db.query(\"DROP TABLE bom\").exec();\n");
        java.nio.file.Files.writeString(file, "\uFEFF" + java.nio.file.Files.readString(file));

        assertEquals(1, project.migrator().migrate(MigrateOptions.defaults()).size());

        assertEquals(true, project.tableExists("bom"));
    }

    /** Db.query(...) without .exec() does nothing: the migration fails, naming it, and is not recorded. */
    @Test
    void aStatementBuiltAndNeverRunFailsTheMigrationNamingIt() throws Exception {
        project.writeMigration(1700000100, "Forgot", "        Db.query(\"CREATE TABLE kept (id integer)\").exec();\n"
                + "        Db.query(\"INSERT INTO kept VALUES (1)\");\n", "");

        koldy.KoldyException e = org.junit.jupiter.api.Assertions.assertThrows(koldy.KoldyException.class,
                () -> project.migrator().migrate(MigrateOptions.defaults()));

        assertEquals(koldy.KoldyException.Reason.MIGRATION_FAILED, e.reason());
        assertEquals("Migration 1700000100_Forgot failed: Db.query(\"INSERT INTO kept VALUES (1)\") at"
                + " 1700000100_Forgot.java:7 was built but never run: end it with .exec() (or .fetchAll() /"
                + " .fetchFirst() to read rows), or remove it\nIts changes were rolled back and it is not recorded as"
                + " executed.", e.getMessage());
        assertEquals(false, project.tableExists("kept"));
        assertEquals(List.of(), project.history());

        // a builder too; and a dry run says the same before anything runs
        project.writeMigration(1700000100, "Forgot", "        Db.insert(\"kept\").set(\"id\", 1);\n", "");
        koldy.KoldyException dry = org.junit.jupiter.api.Assertions.assertThrows(koldy.KoldyException.class,
                () -> project.migrator().migrate(new koldy.MigrateOptions(false, null, true)));
        org.junit.jupiter.api.Assertions.assertTrue(dry.getMessage().startsWith("Migration 1700000100_Forgot failed:"
                + " Db.insert(\"kept\") at 1700000100_Forgot.java:6 was built but never run"), dry.getMessage());
    }

    /** javac's whole diagnostic: the symbol, where, the source line and a caret. */
    @Test
    void aCompileErrorShowsJavacsWholeDiagnostic() {
        project.writeMigration(1700000100, "Broken", "        Db.query(missingName).exec();\n", "");

        koldy.KoldyException e = org.junit.jupiter.api.Assertions.assertThrows(koldy.KoldyException.class,
                () -> project.migrator().migrate(MigrateOptions.defaults()));

        String message = e.getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(message.contains("1700000100_Broken.java:6: cannot find symbol\n"
                + "    symbol:   variable missingName\n    location: class Migration_1700000100_Broken\n"
                + "            Db.query(missingName).exec();\n                     ^"), message);
    }

    /** A class file cut short in the compile cache is compiled again, not a failure forever. */
    @Test
    void aDamagedCompileCacheEntryIsRecompiled() throws Exception {
        project.writeMigration(1700000100, "Cached", "        Db.query(\"CREATE TABLE cached (id integer)\").exec();\n",
                "        Db.query(\"DROP TABLE cached\").exec();\n");
        assertEquals(1, project.migrator().migrate(MigrateOptions.defaults()).size());
        java.nio.file.Path classFile;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(project.root().resolve("cache"))) {
            classFile = files.filter(f -> f.toString().endsWith(".class")).findFirst().orElseThrow();
        }
        byte[] bytes = java.nio.file.Files.readAllBytes(classFile);
        java.nio.file.Files.write(classFile, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertEquals(1, project.migrator().rollback(RollbackOptions.steps(1)).size());

        assertEquals(false, project.tableExists("cached"));
        assertEquals(bytes.length, java.nio.file.Files.size(classFile), "the cache entry was written again");
    }

    /**
     * A cache entry that lost a nested class is found before the migration runs, and compiled
     * again: it once loaded, ran its first statements (committed, on MySQL) and then failed with
     * NoClassDefFoundError half way.
     */
    @Test
    void aCacheEntryMissingANestedClassIsRecompiledBeforeAnythingRuns() throws Exception {
        project.write("1700000100_Nested.java", "import koldy.Db;\nimport koldy.Migration;\n"
                + "class Migration_1700000100_Nested extends Migration {\n"
                + "    static final class Helper { static String table() { return \"nested\"; } }\n"
                + "    public void up() { Db.query(\"CREATE TABLE first (id integer)\").exec();\n"
                + "        Db.query(\"CREATE TABLE \" + Helper.table() + \" (id integer)\").exec(); }\n"
                + "    public void down() { Db.query(\"DROP TABLE \" + Helper.table()).exec();\n"
                + "        Db.query(\"DROP TABLE first\").exec(); }\n}\n");
        project.sqlMigration(1700000050, "First", "-- koldy:up\nCREATE TABLE zero (id integer);\n-- koldy:down\n"
                + "DROP TABLE zero;\n");
        // compiles every Java migration into the cache; runs only the SQL one
        assertEquals(1, project.migrator().migrate(new koldy.MigrateOptions(false, 1700000050L, false)).size());
        java.nio.file.Path nested;
        try (java.util.stream.Stream<java.nio.file.Path> files = Files.walk(project.root().resolve("cache"))) {
            nested = files.filter(f -> f.getFileName().toString().endsWith("$Helper.class")).findFirst().orElseThrow();
        }
        Files.delete(nested);

        assertEquals(1, project.migrator().migrate(MigrateOptions.defaults()).size());

        assertTrue(project.tableExists("nested"));
        assertTrue(Files.exists(nested), "the cache entry was written again, whole");
    }

    // Database-independent rules of the runner: checked once, here, not on every database.

    @Test
    void lineEndingConversionIsNotAChange() throws Exception {
        Path file = project.javaMigration(1700000100, "CreateA", List.of("CREATE TABLE a_table (id integer)"),
                List.of("DROP TABLE a_table"));
        project.migrator().migrate(MigrateOptions.defaults());
        String lf = Files.readString(file);
        Files.writeString(file, lf.replace("\n", "\r\n"), StandardCharsets.UTF_8);
        assertTrue(Files.readString(file).contains("\r\n"));

        assertEquals(MigrationState.EXECUTED, project.migrator().status().migrations().get(0).state());
        assertEquals(List.of(), project.migrator().migrate(MigrateOptions.defaults()));
    }

    @Test
    void compileErrorRunsNothing() {
        createTable(1700000100, "a_table");
        project.writeMigration(1700000200, "Broken", "        Db.query(\"SELECT 1\").exec()\n", "");

        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults()));

        assertEquals(KoldyException.USAGE_OR_CONFIG, e.exitCode());
        assertTrue(e.getMessage().contains("application/migrations/1700000200_Broken.java:6:"), e.getMessage());
        assertTrue(e.getMessage().contains("';' expected"), e.getMessage());
        assertFalse(project.tableExists("a_table"), "compile errors are found before anything runs");
    }

    @Test
    void classNameMustFollowTheFileName() {
        project.write("1700000100_Named.java", "import koldy.Migration;\npublic class Other extends Migration {\n"
                + "  public void up() {}\n  public void down() {}\n}\n");
        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults()));
        assertEquals(KoldyException.USAGE_OR_CONFIG, e.exitCode());
        assertTrue(e.getMessage().contains("1700000100_Named.java"), e.getMessage());
    }

    @Test
    void aMalformedSqlFileRunsNothing() {
        createTable(1700000100, "a_table");
        project.sqlMigration(1700000200, "NoUp", "CREATE TABLE b_table (id integer);\n");
        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults()));
        assertEquals(KoldyException.USAGE_OR_CONFIG, e.exitCode());
        assertEquals(KoldyException.Reason.INVALID_MIGRATION, e.reason());
        assertTrue(e.getMessage().contains("1700000200_NoUp.sql"), e.getMessage());
        assertFalse(project.tableExists("a_table"), "parsed before anything runs");
        assertFalse(project.tableExists("koldy_migration"), "parsed before the history table is created");
    }

    @Test
    void aJavaMigrationNamingAConnectionThatIsNotConfiguredRunsNothing() {
        // the same check as a SQL file's '-- koldy:connection' header: before anything runs, exit 2
        createTable(1700000100, "a_table");
        project.write("1700000200_Elsewhere.java", "import koldy.Migration;\n\n"
                + "public class Migration_1700000200_Elsewhere extends Migration {\n"
                + "    @Override public String connection() { return \"reporting\"; }\n"
                + "    @Override public void up() {}\n    @Override public void down() {}\n}\n");
        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults()));
        assertEquals(KoldyException.Reason.INVALID_MIGRATION, e.reason());
        assertEquals(KoldyException.USAGE_OR_CONFIG, e.exitCode());
        assertEquals("application/migrations/1700000200_Elsewhere.java: connection() names connection 'reporting',"
                + " which is not configured. Nothing was run.", e.getMessage());
        assertEquals(List.of(), e.applied());
        assertFalse(project.tableExists("a_table"), "checked before anything runs");
    }
}
