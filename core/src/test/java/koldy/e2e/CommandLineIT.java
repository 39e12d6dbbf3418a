package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import koldy.testing.Launcher;
import koldy.testing.Launcher.Result;

/** The command line's own behaviour: arguments, help, exit codes, where it runs from. */
class CommandLineIT {

    @TempDir
    Path directory;

    private Path project(String name) throws Exception {
        Path root = Files.createDirectories(directory.resolve(name));
        Files.createDirectories(root.resolve("configs"));
        Files.writeString(root.resolve("configs/database.properties"),
                "connections = default\ndefault.url = jdbc:sqlite:storage/koldy.sqlite\n");
        return root;
    }

    @Test
    void createMigrationPrintsKoldysLinesAndWritesTheFile() throws Exception {
        Path root = project("p");
        Result result = Launcher.run(root, Map.of(), "create-migration", "add-email-to-users");
        assertEquals(0, result.exitCode(), result.toString());
        List<String> lines = result.out().lines().toList();
        assertEquals("Started CLI script: koldy", lines.get(0));
        assertEquals("Created DB migration with name: add-email-to-users", lines.get(1));
        assertTrue(lines.get(2).matches("You may now open application/migrations/\\d+_AddEmailToUsers\\.java"
                + " and add your migration code"), lines.get(2));
        assertEquals("Done with CLI script: koldy", lines.get(3));
        Path file = onlyMigration(root);

        // The untouched template is refused, not recorded as done.
        Result untouched = Launcher.run(root, Map.of(), "migrate");
        assertEquals(3, untouched.exitCode(), untouched.toString());
        assertTrue(untouched.err().contains("application/migrations/" + file.getFileName()
                + ": its up() is still the template"), untouched.err());
        assertTrue(Launcher.run(root, Map.of(), "status").out().contains("pending"), "nothing recorded");

        // The quick start's loop: write it, migrate, edit it, redo --force.
        writeUp(file, "Db.query(\"CREATE TABLE users (id integer)\").exec();",
                "Db.query(\"DROP TABLE users\").exec();");
        Result migrate = Launcher.run(root, Map.of(), "migrate");
        assertEquals(0, migrate.exitCode(), "the generated stub, written, compiles and runs: " + migrate);
        assertTrue(Files.exists(root.resolve("storage/koldy.sqlite")), "the SQLite file is under the root");

        writeUp(file, "Db.query(\"CREATE TABLE users (id integer, email text)\").exec();",
                "Db.query(\"DROP TABLE users\").exec();");
        Result changed = Launcher.run(root, Map.of(), "redo");
        assertEquals(3, changed.exitCode(), changed.toString());
        assertTrue(changed.err().contains("koldy redo --force rolls it back with the down() it has now"),
                changed.err());
        Result redone = Launcher.run(root, Map.of(), "redo", "--force");
        assertEquals(0, redone.exitCode(), redone.toString());
        assertTrue(redone.err().contains("has changed since it was executed; forced: rolling it back"),
                redone.toString());
        Result status = Launcher.run(root, Map.of(), "status", "--exit-code");
        assertEquals(0, status.exitCode(), "executed as the file is now: " + status);
        assertEquals(0, Launcher.run(root, Map.of(), "rollback").exitCode(), "and its down() undoes it");
    }

    private static Path onlyMigration(Path root) throws Exception {
        try (var files = Files.list(root.resolve("application/migrations"))) {
            return files.reduce((a, b) -> {
                throw new AssertionError("more than one migration: " + a + ", " + b);
            }).orElseThrow();
        }
    }

    /** Writes a generated Java migration's up() and down() bodies, as its author would. */
    private static void writeUp(Path file, String up, String down) throws Exception {
        String text = Files.readString(file)
                .replaceFirst("(void up\\(\\) throws Exception \\{)[^}]*}", "$1\n        " + up.replace("$", "\\$") + "\n    }")
                .replaceFirst("(void down\\(\\) throws Exception \\{)[^}]*}", "$1\n        " + down + "\n    }");
        Files.writeString(file, text);
    }

    /** Run from a sub-directory, as git is: the project is the nearest directory upwards with its configuration. */
    @Test
    void fromASubDirectoryTheProjectRootIsFoundUpwards() throws Exception {
        Path root = project("p");
        Path inside = Files.createDirectories(root.resolve("src/main"));
        Result created = Launcher.run(inside, Map.of(), "create-migration", "add-users", "--sql");
        assertEquals(0, created.exitCode(), created.toString());
        Path file = onlyMigration(root);
        assertFalse(Files.exists(inside.resolve("application")), "nothing is written under src/main");
        Files.writeString(file, "-- koldy:up\nCREATE TABLE users (id integer);\n-- koldy:down\nDROP TABLE users;\n");
        Result migrate = Launcher.run(inside, Map.of(), "migrate");
        assertEquals(0, migrate.exitCode(), migrate.toString());
        assertTrue(migrate.out().contains("Database: jdbc:sqlite:storage/koldy.sqlite ("), migrate.out());
        Result repair = Launcher.run(inside, Map.of(), "repair");
        assertEquals(0, repair.exitCode(), repair.toString());
        assertEquals(0, Launcher.run(inside, Map.of(), "status", "--exit-code").exitCode(), "nothing was forgotten");

        // Outside any project, a missing configuration names the directory it was looked for in.
        Path outside = Files.createDirectories(directory.resolve("outside"));
        Result lost = Launcher.run(outside, Map.of(), "status");
        assertEquals(2, lost.exitCode(), lost.toString());
        assertTrue(lost.err().contains("configs/database.properties does not exist in project root " + outside),
                lost.err());
    }

    @Test
    void worksFromAnotherDirectoryWithRootOrKoldyRootAndSpacesInPaths() throws Exception {
        Path root = project("with space");
        Path elsewhere = Files.createDirectories(directory.resolve("elsewhere"));
        assertEquals(0, Launcher.run(elsewhere, Map.of(), "--root", root.toString(), "create-migration", "one")
                .exitCode());
        writeUp(onlyMigration(root), "Db.query(\"CREATE TABLE one (id integer)\").exec();", "");
        Result viaEnv = Launcher.run(elsewhere, Map.of("KOLDY_ROOT", root.toString()), "migrate");
        assertEquals(0, viaEnv.exitCode(), viaEnv.toString());
        assertTrue(viaEnv.out().contains("_One (1/1)"), viaEnv.out());
        assertTrue(Files.exists(root.resolve("storage/koldy.sqlite")));
        assertFalse(Files.exists(elsewhere.resolve("storage")), "nothing is written to the current directory");
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        Path root = project("p");
        for (String[] args : List.of(new String[] {"rollback", "0"}, new String[] {"rollback", "-1"},
                new String[] {"rollback", "abc"}, new String[] {"migrate", "--forse"},
                new String[] {"create-migration", "!!!"}, new String[] {"create-migration"},
                new String[] {"migrate", "--force=maybe"})) {
            Result result = Launcher.run(root, Map.of(), args);
            assertEquals(2, result.exitCode(), String.join(" ", args) + ": " + result);
            assertTrue(result.err().startsWith("Error: "), result.toString());
            assertFalse(result.all().contains("\tat "), "no stack trace: " + result);
        }
    }

    @Test
    void mistypedCommandSuggestsTheClosest() throws Exception {
        Result result = Launcher.run(project("p"), Map.of(), "migrat");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("Did you mean 'migrate'?"), result.toString());
    }

    /** Other tools' words and mistyped options get a suggestion; a usage error comes alone, before "Started". */
    @Test
    void otherToolsWordsAndMistypedOptionsGetASuggestion() throws Exception {
        Path root = project("p");
        assertTrue(Launcher.run(root, Map.of(), "up").err().contains("Did you mean 'migrate'?"));
        assertTrue(Launcher.run(root, Map.of(), "down").err().contains("Did you mean 'rollback'?"));
        Result dryrun = Launcher.run(root, Map.of(), "migrate", "--dryrun");
        assertEquals(2, dryrun.exitCode(), dryrun.toString());
        assertTrue(dryrun.err().contains("Unknown option '--dryrun'; did you mean '--dry-run'?"), dryrun.toString());
        Result all = Launcher.run(root, Map.of(), "rollback", "all");
        assertEquals(2, all.exitCode(), all.toString());
        assertEquals("", all.out(), "nothing before the usage error: " + all);
        Result help = Launcher.run(root, Map.of(), "help", "migrate");
        assertTrue(help.out().contains("--force[=true|false]"), help.out());
    }

    /** Twelve create-migration at once, in twelve processes: twelve seconds, one each. */
    @Test
    void concurrentCreateMigrationsGetDistinctTimestamps() throws Exception {
        Path root = project("p");
        List<Launcher.Running> running = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            running.add(Launcher.start(root, Map.of(), "create-migration", "step-" + (char) ('a' + i), "--sql"));
        }
        for (Launcher.Running r : running) {
            assertEquals(0, r.await().exitCode());
        }
        try (var files = Files.list(root.resolve("application/migrations"))) {
            List<String> timestamps = files.map(f -> f.getFileName().toString().split("_")[0]).toList();
            assertEquals(12, timestamps.size(), timestamps.toString());
            assertEquals(12, new java.util.HashSet<>(timestamps).size(), "one second each: " + timestamps);
        }
    }

    @Test
    void helpAndVersion() throws Exception {
        Path root = project("p");
        Result help = Launcher.run(root, Map.of(), "help");
        assertEquals(0, help.exitCode());
        for (String command : List.of("create-migration", "migrate", "rollback", "status", "repair")) {
            assertTrue(help.out().contains(command), command + " in " + help.out());
        }
        Result migrateHelp = Launcher.run(root, Map.of(), "help", "migrate");
        assertTrue(migrateHelp.out().contains("--force"), migrateHelp.out());
        Result version = Launcher.run(root, Map.of(), "--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().matches("koldy \\S+ \\(commit [0-9a-f]{7,}(, with local changes)?\\)\n"),
                "the version and the commit it was built from: " + version.out());
    }

    @Test
    void statusAliasListAndEmptyProject() throws Exception {
        Path root = project("p");
        Files.createDirectories(root.resolve("application/migrations"));
        Result missing = Launcher.run(root, Map.of(), "list");
        assertEquals(0, missing.exitCode(), missing.toString());
        assertFalse(Files.exists(root.resolve("storage/koldy.sqlite")), "status never creates the SQLite file");
        assertEquals(0, Launcher.run(root, Map.of(), "migrate").exitCode()); // creates it
        Result list = Launcher.run(root, Map.of(), "list");
        assertEquals(0, list.exitCode(), list.toString());
        assertTrue(list.out().contains("No migrations."), list.out());
    }

    @Test
    void theClassDataTrainingRunSucceeds() throws Exception {
        // The launcher records its class-data archive from this run and keeps it only if the run
        // succeeds; a failing one leaves every start without the archive, and trying again.
        Result training = Launcher.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Launcher.TARGET.resolve("koldy.jar").toString()), directory, Map.of(), "cds-training");
        assertEquals(0, training.exitCode(), training.toString());
    }

    @Test
    void missingMigrationDirectoryIsAClearError() throws Exception {
        Result result = Launcher.run(project("p"), Map.of(), "migrate");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("application/migrations does not exist"), result.toString());
    }

    @Test
    void createMigrationSqlWritesAStubThatRuns() throws Exception {
        Path root = project("p");
        Result result = Launcher.run(root, Map.of(), "create-migration", "add-index", "--sql");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().matches("(?s).*You may now open application/migrations/\\d+_AddIndex\\.sql .*"),
                result.out());
        Path file = onlyMigration(root);
        Result untouched = Launcher.run(root, Map.of(), "migrate");
        assertEquals(3, untouched.exitCode(), untouched.toString());
        assertTrue(untouched.err().contains(file.getFileName() + ": its up section has no statement; write them,"
                + " or, if applying nothing is right, say so with the line '-- koldy:up empty'"), untouched.err());
        Files.writeString(file, Files.readString(file).replace("-- ALTER TABLE users ADD is_active",
                "CREATE TABLE users (id integer);\nALTER TABLE users ADD is_active"));
        Result migrate = Launcher.run(root, Map.of(), "migrate");
        assertEquals(0, migrate.exitCode(), migrate.toString());
        assertTrue(migrate.out().contains("_AddIndex (1/1)"), migrate.out());
    }

    @Test
    void aLongMigrationSaysItIsStillRunning() throws Exception {
        Path root = project("p");
        Path migrations = Files.createDirectories(root.resolve("application/migrations"));
        Files.writeString(migrations.resolve("1700000100_Slow.java"), "import koldy.Migration;\n"
                + "public class Migration_1700000100_Slow extends Migration {\n"
                + "  public void up() throws Exception { Thread.sleep(1500); }\n"
                + "  public void down() {}\n}\n");
        Result result = Launcher.run(root, Map.of("KOLDY_PROGRESS_SECONDS", "0.5"), "migrate");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("Still running 1700000100_Slow (1/1):"), result.out());
    }
    @Test
    void sqliteNativeLibraryIsExtractedOnceIntoTheCacheAndAnUnusableCacheIsNoObstacle() throws Exception {
        Path root = project("p");
        Path migrations = Files.createDirectories(root.resolve("application/migrations"));
        Files.writeString(migrations.resolve("1700000100_One.sql"), "-- koldy:up\nCREATE TABLE one (id integer);\n"
                + "-- koldy:down\nDROP TABLE one;\n");
        assertEquals(0, Launcher.run(root, Map.of(), "migrate").exitCode());
        Path library;
        try (var files = Files.walk(root.resolve("storage/koldy-cache/sqlite-native"))) {
            library = files.filter(f -> f.getFileName().toString().contains("sqlitejdbc")).findFirst().orElseThrow();
        }
        var extracted = Files.getLastModifiedTime(library);
        Thread.sleep(20);
        Result again = Launcher.run(root, Map.of(), "status", "-v");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains("SQLite native library: " + library), again.out());
        assertEquals(extracted, Files.getLastModifiedTime(library), "a second run loads the same copy");

        // Which copy this machine needs is remembered (the driver runs `uname -o` to know it); a
        // remembered answer that is damaged is worked out again, one naming no library the driver has
        // leaves the driver to load its own: neither stops a run.
        Path remembered;
        try (var files = Files.walk(root.resolve("storage/koldy-cache/sqlite-native"))) {
            remembered = files.filter(f -> f.getFileName().toString().startsWith("platform-")).findFirst().orElseThrow();
        }
        String platform = Files.readString(remembered);
        assertTrue(platform.startsWith("/org/sqlite/native/") && library.toString().contains(platform.trim()
                .substring("/org/sqlite/native/".length())), platform + " names the folder of " + library);
        Files.writeString(remembered, "damaged");
        assertEquals(0, Launcher.run(root, Map.of(), "status").exitCode());
        assertEquals(platform, Files.readString(remembered), "worked out again");
        Files.writeString(remembered, "/org/sqlite/native/Nowhere/none\n");
        Result nowhere = Launcher.run(root, Map.of(), "status", "-v");
        assertEquals(0, nowhere.exitCode(), nowhere.toString());
        Files.writeString(remembered, platform);

        // A cache that cannot be a directory: the driver extracts its own copy, as without koldy's cache.
        Path notADirectory = Files.writeString(directory.resolve("cache-file"), "");
        Files.writeString(migrations.resolve("1700000200_Two.sql"), "-- koldy:up\nCREATE TABLE two (id integer);\n"
                + "-- koldy:down\nDROP TABLE two;\n");
        Result uncached = Launcher.run(root, Map.of("KOLDY_CACHE_DIR", notADirectory.toString()), "migrate");
        assertEquals(0, uncached.exitCode(), uncached.toString());
        assertTrue(uncached.out().contains("Migrated 1700000200_Two"), uncached.out());
    }

    /**
     * A runtime without the java.compiler module (a jlink'd JRE) runs SQL migrations, and for a
     * Java migration says what to install: exit 2, one line, not a NoClassDefFoundError.
     */
    @Test
    void aRuntimeWithoutACompilerRunsSqlAndNamesWhatJavaMigrationsNeed() throws Exception {
        Path jre = directory.resolve("jre");
        Process jlink = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jlink").toString(),
                "--add-modules", "java.base,java.sql,java.logging,java.naming,java.management,java.xml,"
                + "jdk.unsupported,java.security.jgss,java.transaction.xa,java.instrument,jdk.crypto.ec,java.desktop",
                "--output", jre.toString(), "--no-header-files", "--no-man-pages").inheritIO().start();
        assertEquals(0, jlink.waitFor());
        Path root = project("jre-project");
        Files.createDirectories(root.resolve("application/migrations"));
        Files.writeString(root.resolve("application/migrations/1700000000_Sql.sql"),
                "-- koldy:up\nCREATE TABLE a (x int);\n-- koldy:down\nDROP TABLE a;\n");
        List<String> java = List.of(jre.resolve("bin/java").toString(), "-jar", Launcher.TARGET.resolve("koldy.jar")
                .toString());

        Result sql = Launcher.run(java, root, Map.of(), "migrate");
        assertEquals(0, sql.exitCode(), sql.toString());

        Files.writeString(root.resolve("application/migrations/1700000001_Java.java"), "import koldy.Migration;\n"
                + "public class Migration_1700000001_Java extends Migration {\n  public void up() {}\n"
                + "  public void down() {}\n}\n");
        Result javaMigration = Launcher.run(java, root, Map.of(), "migrate");
        assertEquals(2, javaMigration.exitCode(), javaMigration.toString());
        assertTrue(javaMigration.err().contains("This Java runtime has no compiler (module java.compiler), so Java"
                + " migrations cannot be compiled. Run koldy with a JDK 17 or newer"), javaMigration.toString());
    }
}
