package koldy.migrate;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

        assertEquals(1, project.migrator().migrate(false).size());

        assertEquals(true, project.tableExists("bom"));
    }

    /** javac's whole diagnostic: the symbol, where, the source line and a caret. */
    @Test
    void aCompileErrorShowsJavacsWholeDiagnostic() {
        project.writeMigration(1700000100, "Broken", "        Db.query(missingName).exec();\n", "");

        koldy.KoldyException e = org.junit.jupiter.api.Assertions.assertThrows(koldy.KoldyException.class,
                () -> project.migrator().migrate(false));

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
        assertEquals(1, project.migrator().migrate(false).size());
        java.nio.file.Path classFile;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(project.root().resolve("cache"))) {
            classFile = files.filter(f -> f.toString().endsWith(".class")).findFirst().orElseThrow();
        }
        byte[] bytes = java.nio.file.Files.readAllBytes(classFile);
        java.nio.file.Files.write(classFile, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertEquals(1, project.migrator().rollback(1).size());

        assertEquals(false, project.tableExists("cached"));
        assertEquals(bytes.length, java.nio.file.Files.size(classFile), "the cache entry was written again");
    }
}
