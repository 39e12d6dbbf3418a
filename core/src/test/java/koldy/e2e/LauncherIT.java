package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import koldy.testing.Launcher;
import koldy.testing.Launcher.Result;
import koldy.testing.Projects;
import koldy.testing.TestDatabase;
import koldy.testing.TestProject;

/** The user's stories, through the {@code koldy} launcher and the built jar, on every database. */
class LauncherIT {

    @TempDir
    Path directory;

    @RegisterExtension
    final Projects projects = new Projects();

    TestProject project;

    private Result koldy(String... args) {
        return Launcher.run(project.root(), project.environment(), args);
    }

    private void createTable(long timestamp, String table) {
        project.javaMigration(timestamp, "Create" + table.substring(0, 1).toUpperCase() + table.substring(1),
                List.of("CREATE TABLE " + table + " (id integer NOT NULL PRIMARY KEY)"),
                List.of("DROP TABLE " + table));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void branchMergeStory(TestDatabase database) {
        project = projects.create(database, directory);
        createTable(1700000100, "alpha");
        createTable(1700000300, "gamma");
        Result first = koldy("migrate");
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.out().startsWith("Started CLI script: koldy\n"), first.toString());
        assertTrue(first.out().contains("Migrated 1700000100_CreateAlpha"), first.toString());
        assertTrue(first.out().contains("Migrated 1700000300_CreateGamma"), first.toString());
        assertTrue(first.out().endsWith("Done with CLI script: koldy\n"), first.toString());

        createTable(1700000200, "beta"); // merged from a branch: older than gamma
        Result refused = koldy("migrate");
        assertEquals(3, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("1700000200_CreateBeta"), refused.toString());
        assertTrue(refused.err().contains("migrate --force"), refused.toString());
        assertFalse(project.tableExists("beta"));

        Result notForced = koldy("migrate", "--force=false");
        assertEquals(3, notForced.exitCode(), "--force=false is not force: " + notForced);

        Result status = koldy("status");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().matches("(?s).*out-of-order\\s+1700000200\\s+1700000200_CreateBeta.*"), status.out());

        Result forced = koldy("migrate", "--force");
        assertEquals(0, forced.exitCode(), forced.toString());
        assertTrue(project.tableExists("beta"));

        Result rollback = koldy("rollback", "2");
        assertEquals(0, rollback.exitCode(), rollback.toString());
        int beta = rollback.out().indexOf("Rolled back 1700000200_CreateBeta");
        int gamma = rollback.out().indexOf("Rolled back 1700000300_CreateGamma");
        assertTrue(beta >= 0 && gamma > beta, "beta comes off first, then gamma: " + rollback);
        assertEquals(List.of("1700000100_CreateAlpha"), project.history());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void rollbackFiveWithThreeExecuted(TestDatabase database) {
        project = projects.create(database, directory);
        createTable(1700000100, "one");
        createTable(1700000200, "two");
        createTable(1700000300, "three");
        assertEquals(0, koldy("migrate").exitCode());

        Result result = koldy("rollback", "5");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("Only 3 migrations are executed; rolling back all of them."), result.out());
        assertEquals(List.of(), project.history());
        assertFalse(project.tableExists("one"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aCleanVerboseRunShowsItsSqlAndNoWarning(TestDatabase database) {
        project = projects.create(database, directory);
        createTable(1700000100, "one");

        Result result = koldy("-v", "migrate");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("DEBUG [default] CREATE TABLE one"), result.out());
        // e.g. the pool's "Timed-out waiting for add connection executor" on close
        assertFalse(result.all().contains("WARN"), result.toString());
    }

    /**
     * Without -v the command line prints its own lines and Log4j's core never starts (about 90 ms
     * of every command); with -v the same lines come through Log4j, with times. Warnings go to
     * stderr after "Warning:" either way.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aQuietRunPrintsItselfWithoutStartingLog4j(TestDatabase database) throws Exception {
        project = projects.create(database, directory);
        createTable(1700000100, "one");
        project.write("notes.sql", "-- not a migration");
        Path classes = directory.resolve("classes.log");
        Map<String, String> env = new java.util.HashMap<>(project.environment());
        env.put("KOLDY_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes);

        Result quiet = Launcher.run(project.root(), env, "migrate");

        assertEquals(0, quiet.exitCode(), quiet.toString());
        assertTrue(quiet.out().startsWith("Started CLI script: koldy\n"), quiet.toString());
        assertTrue(quiet.out().contains("\nDatabase: "), quiet.toString());
        assertTrue(quiet.out().contains("\nMigrated 1700000100_CreateOne (1/1) in "), quiet.toString());
        assertTrue(quiet.out().endsWith("Done with CLI script: koldy\n"), quiet.toString());
        assertTrue(quiet.err().startsWith("Warning: Ignoring application/migrations/notes.sql"), quiet.toString());
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("koldy.cli.Main"), "the class log is read");
        assertFalse(loaded.contains("org.apache.logging.log4j.core.LoggerContext "), "Log4j started without -v");

        Result verbose = Launcher.run(project.root(), env, "-v", "status");

        assertEquals(0, verbose.exitCode(), verbose.toString());
        assertTrue(verbose.out().matches("(?s)\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Started CLI script: koldy\n.*"),
                verbose.toString());
        assertTrue(Files.readString(classes).contains("org.apache.logging.log4j.core.LoggerContext "),
                "-v logs through Log4j");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void compileErrorNamesFileAndLineAndRunsNothing(TestDatabase database) {
        project = projects.create(database, directory);
        createTable(1700000100, "fine");
        project.writeMigration(1700000200, "Broken", "        Db.query(\"SELECT 1\").exec()\n", "");

        Result result = koldy("migrate");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("application/migrations/1700000200_Broken.java:6: ';' expected"),
                result.toString());
        assertFalse(result.all().contains("\tat "), "no stack trace without -v");
        assertFalse(project.tableExists("fine"));
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MYSQL"})
    void unreachableDatabaseNamesTheHostAndHidesThePassword(TestDatabase database) throws Exception {
        Files.createDirectories(directory.resolve("application/migrations"));
        String url = database == TestDatabase.POSTGRES
                ? "jdbc:postgresql://127.0.0.1:1/app?user=app&password=TopSecret42"
                : "jdbc:mysql://127.0.0.1:1/app?user=app&password=TopSecret42";
        Map<String, String> env = Map.of("KOLDY_DEFAULT_URL", url);

        Result result = Launcher.run(directory, env, "migrate");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("127.0.0.1:1"), result.toString());
        assertFalse(result.all().contains("TopSecret42"), result.toString());
        assertFalse(result.all().contains("\tat "), "no stack trace without -v");

        Result verbose = Launcher.run(directory, env, "-v", "migrate");
        assertEquals(2, verbose.exitCode(), verbose.toString());
        assertFalse(verbose.all().contains("TopSecret42"), "not even with -v: " + verbose);

        // A password in the URL's user info, with characters that end a value elsewhere, and an
        // unknown host, whose driver message quotes the URL's authority
        String awkward = "Hid,den;Pw)5x";
        Map<String, String> userInfo = Map.of("KOLDY_DEFAULT_URL", (database == TestDatabase.POSTGRES
                ? "jdbc:postgresql://app:" : "jdbc:mysql://app:") + awkward + "@db.invalid:5432/app?password=Ab,TailSecret7");
        for (String[] args : List.of(new String[] {"migrate"}, new String[] {"-v", "migrate"},
                new String[] {"status", "--json"})) {
            Result hidden = Launcher.run(directory, userInfo, args);
            assertEquals(2, hidden.exitCode(), hidden.toString());
            assertFalse(hidden.all().contains("Hid,den") || hidden.all().contains("Pw)5x")
                    || hidden.all().contains("TailSecret7"), String.join(" ", args) + ": " + hidden);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void targetsRedoBaselineAndMachineReadableStatus(TestDatabase database) {
        project = projects.create(database, directory);
        createTable(1700000100, "one");
        project.sqlMigration(1700000200, "CreateTwo", "-- koldy:up\nCREATE TABLE two (id integer);\n"
                + "-- koldy:down\nDROP TABLE two;\n");
        createTable(1700000300, "three");
        project.execute("CREATE TABLE existing (id integer)"); // a SQLite file that status may read

        Result pending = koldy("status", "--exit-code");
        assertEquals(3, pending.exitCode(), "pending migrations fail the gate: " + pending);

        Result dryRun = koldy("migrate", "--dry-run");
        assertEquals(0, dryRun.exitCode(), dryRun.toString());
        assertTrue(dryRun.out().contains("-- Would migrate 1700000200_CreateTwo (2/3)\nCREATE TABLE two (id integer);"),
                dryRun.out());
        assertTrue(dryRun.out().contains("Dry run: nothing was executed or recorded."), dryRun.out());
        assertFalse(project.tableExists("one"));

        assertEquals(0, koldy("migrate", "--to", "1700000200").exitCode());
        assertEquals(List.of("1700000100_CreateOne", "1700000200_CreateTwo"), project.history());

        Result json = koldy("status", "--json");
        assertEquals(0, json.exitCode(), json.toString());
        assertTrue(json.out().startsWith("{\n  \"up_to_date\": false,"), "JSON only on stdout: " + json.out());
        assertTrue(json.out().contains("\"pending\": 1,"), json.out());
        assertTrue(json.out().matches("(?s).*\"script\": \"1700000200_CreateTwo\",\\s+\"timestamp\": 1700000200,"
                + "\\s+\"state\": \"executed\",\\s+\"type\": \"sql\".*"), json.out());
        Result verboseJson = koldy("status", "--json", "-v");
        assertEquals(0, verboseJson.exitCode(), verboseJson.toString());
        assertEquals(json.out(), verboseJson.out(), "with -v too, stdout is the JSON alone");
        assertTrue(verboseJson.err().contains("DEBUG"), "the debug detail goes to stderr: " + verboseJson);

        assertEquals(0, koldy("migrate").exitCode());
        Result redo = koldy("redo", "2");
        assertEquals(0, redo.exitCode(), redo.toString());
        assertTrue(redo.out().contains("Rolled back 1700000300_CreateThree") && redo.out().contains(
                "Migrated 1700000300_CreateThree"), redo.out());
        Result upToDate = koldy("status", "--exit-code");
        assertEquals(0, upToDate.exitCode(), upToDate.toString());

        assertEquals(0, koldy("rollback", "--to", "1700000100").exitCode());
        assertEquals(List.of("1700000100_CreateOne"), project.history());
        project.execute("CREATE TABLE two (id integer)"); // made by hand on a live database
        Result baseline = koldy("baseline", "1700000200");
        assertEquals(0, baseline.exitCode(), baseline.toString());
        assertTrue(baseline.out().contains("Baselined 1700000200_CreateTwo"), baseline.out());
        assertEquals(0, koldy("migrate").exitCode());
        assertEquals(List.of("1700000100_CreateOne", "1700000200_CreateTwo", "1700000300_CreateThree"),
                project.history());
    }
}
