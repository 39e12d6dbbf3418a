package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import koldy.testing.KoldyPhpView;
import koldy.testing.Launcher;
import koldy.testing.Launcher.Result;
import koldy.testing.Launcher.Running;
import koldy.testing.Projects;
import koldy.testing.TestDatabase;
import koldy.testing.TestProject;

/** A deploy killed half way (SIGKILL during a migration): nothing half-done is recorded as done. */
class CrashIT {

    @TempDir
    Path directory;

    @RegisterExtension
    final Projects projects = new Projects();

    TestProject project;

    private Result koldy(String... args) {
        return Launcher.run(project.root(), project.environment(), args);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void killedMigrationLeavesNothingRecordedAsDoneAndNoLockBehind(TestDatabase database) throws Exception {
        project = projects.create(database, directory);
        Path marker = directory.resolve("started");
        // Creates a table, then (on the first run only) says so and sleeps until killed.
        project.writeMigration(1700000100, "Slow",
                "        Db.query(\"CREATE TABLE crash_a (id integer)\").exec();\n"
                        + "        java.nio.file.Path marker = java.nio.file.Path.of(\"" + marker + "\");\n"
                        + "        if (!java.nio.file.Files.exists(marker)) {\n"
                        + "            java.nio.file.Files.createFile(marker);\n"
                        + "            Thread.sleep(120_000);\n"
                        + "        }\n",
                "        Db.query(\"DROP TABLE crash_a\").exec();\n");

        Running migrate = Launcher.start(project.root(), project.environment(), "migrate");
        awaitFile(marker, "the migration started");
        migrate.killJvm();
        assertEquals(137, migrate.await().exitCode());

        Result status = koldy("status");
        assertEquals(0, status.exitCode(), status.toString());
        assertEquals(List.of(), project.history(), "nothing is recorded as executed");
        KoldyPhpView.assertAgree(project); // Koldy PHP, too, sees it pending: never executed, never newest
        if (database == TestDatabase.MYSQL) {
            assertTrue(status.out().contains("failed"), status.out());
            assertTrue(status.out().contains("interrupted"), status.out());
            Result refused = koldy("migrate", "--lock-timeout", "10");
            assertEquals(3, refused.exitCode(), "the lock is free, the failed record refuses: " + refused);
            assertTrue(refused.err().contains("1700000100_Slow") && refused.err().contains("repair"), refused.err());
            assertTrue(project.tableExists("crash_a"), "MySQL committed the DDL before the crash");
            project.execute("DROP TABLE crash_a"); // the user undoes the half-applied migration
            Result repair = koldy("repair", "--lock-timeout", "10");
            assertEquals(0, repair.exitCode(), repair.toString());
            assertTrue(repair.out().contains("clear the record of 1700000100_Slow"), repair.out());
        } else {
            assertTrue(status.out().contains("pending"), status.out());
        }

        Result rerun = koldy("migrate", "--lock-timeout", "30");
        assertEquals(0, rerun.exitCode(), "no lock left behind; the re-run applies it cleanly: " + rerun);
        assertEquals(List.of("1700000100_Slow"), project.history());
        assertEquals(List.of(), project.failures());
        assertTrue(project.tableExists("crash_a"));
        assertFalse(rerun.all().contains("Waiting for the migration lock"), rerun.toString());
    }

    /**
     * A migration outside a transaction, killed in its up() and then in its down(), on every
     * database: koldy shows each as failed, and Koldy PHP, reading koldy_migration, never takes
     * the half-applied or half-reverted migration for an executed one.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void killedNoTransactionMigrationAndRollbackAreFailedToKoldyAndNotExecutedToKoldyPhp(TestDatabase database)
            throws Exception {
        project = projects.create(database, directory);
        Path upMarker = directory.resolve("up-started");
        Path downMarker = directory.resolve("down-started");
        project.write("1700000100_Loose.java", "import koldy.Db;\nimport koldy.Migration;\n\n"
                + "public class Migration_1700000100_Loose extends Migration {\n"
                + "    @Override public boolean transactional() { return false; }\n"
                + "    @Override public void up() throws Exception {\n"
                + "        Db.query(\"CREATE TABLE crash_nt (id integer)\").exec();\n"
                + sleepOnce(upMarker) + "    }\n"
                + "    @Override public void down() throws Exception {\n"
                + "        Db.query(\"DROP TABLE crash_nt\").exec();\n"
                + sleepOnce(downMarker) + "    }\n}\n");
        KoldyPhpView php = new KoldyPhpView(project);

        killWhenStarted(upMarker, "migrate");
        Result status = koldy("status");
        assertTrue(status.out().contains("failed") && status.out().contains("migration interrupted"), status.out());
        assertEquals(List.of(), php.executed(), "half applied: not executed to Koldy PHP");
        KoldyPhpView.assertAgree(project);
        project.execute("DROP TABLE crash_nt"); // the user undoes the half-applied migration
        assertEquals(0, koldy("repair").exitCode());
        Result migrate = koldy("migrate");
        assertEquals(0, migrate.exitCode(), migrate.toString());
        assertEquals(List.of("1700000100_Loose"), php.executed());
        KoldyPhpView.assertAgree(project);

        killWhenStarted(downMarker, "rollback");
        status = koldy("status");
        assertTrue(status.out().contains("failed") && status.out().contains("rollback interrupted"), status.out());
        assertEquals(List.of(), php.executed(), "half reverted: Koldy PHP must not roll it back again");
        KoldyPhpView.assertAgree(project);
        project.execute("CREATE TABLE crash_nt (id integer)"); // the user restores what the rollback dropped
        assertEquals(0, koldy("repair").exitCode());
        assertEquals(List.of("1700000100_Loose"), php.executed(), "executed again after repair");
        KoldyPhpView.assertAgree(project);
        assertEquals(List.of(), project.failures());
    }

    /**
     * While a run is in the middle of a migration that cannot be atomic, status read by another
     * process says it is running (in whose run), not that it failed and needs repair by hand.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void statusDuringALiveRunSaysRunningNotFailed(TestDatabase database) throws Exception {
        project = projects.create(database, directory);
        Path started = directory.resolve("started");
        Path release = directory.resolve("release");
        project.write("1700000100_Slow.java", "import koldy.Db;\nimport koldy.Migration;\n"
                + "class Migration_1700000100_Slow extends Migration {\n"
                + "    @Override public boolean transactional() { return false; }\n"
                + "    public void up() throws Exception {\n"
                + "        Db.query(\"CREATE TABLE live_a (id integer)\").exec();\n"
                + "        java.nio.file.Files.createFile(java.nio.file.Path.of(\"" + started + "\"));\n"
                + "        for (int i = 0; i < 600 && !java.nio.file.Files.exists(java.nio.file.Path.of(\"" + release
                + "\")); i++) {\n            Thread.sleep(100);\n        }\n    }\n"
                + "    public void down() { Db.query(\"DROP TABLE live_a\").exec(); }\n}\n");

        Running migrate = Launcher.start(project.root(), project.environment(), "migrate");
        awaitFile(started, "the migration started");
        Result during = koldy("status");
        Files.createFile(release);
        assertEquals(0, migrate.await().exitCode());

        assertEquals(0, during.exitCode(), during.toString());
        assertTrue(during.out().matches("(?s).*\\nrunning\\s+1700000100\\s+1700000100_Slow .*"), during.out());
        assertTrue(during.out().contains("1700000100_Slow: it is running now, in the run of "), during.out());
        assertFalse(during.all().contains("repair"), "no advice to repair a run that is going: " + during);
        Result after = koldy("status", "--exit-code");
        assertEquals(0, after.exitCode(), after.toString());
    }

    /**
     * A commit whose answer is lost (the connection drops as the server commits) is looked up on
     * a new connection before it is reported: it once said "rolled back, not recorded" of a
     * migration that was committed and recorded, and a rerun after "fixing" it applied it twice.
     */
    @org.junit.jupiter.api.Test
    void aCommitWhoseAnswerIsLostIsLookedUpBeforeItIsReported() throws Exception {
        project = projects.create(TestDatabase.POSTGRES, directory);
        project.sqlMigration(1700000100, "First", "-- koldy:up\nCREATE TABLE first_t (id integer);\n"
                + "-- koldy:down\nDROP TABLE first_t;\n");
        project.sqlMigration(1700000200, "Second", "-- koldy:up\nCREATE TABLE second_t (id integer);\n"
                + "-- koldy:down\nDROP TABLE second_t;\n");
        koldy.testing.JdbcUrl direct = koldy.testing.JdbcUrl.parse(project.url());
        try (koldy.testing.AckDroppingProxy proxy = new koldy.testing.AckDroppingProxy(direct.host(),
                direct.port() == null ? 5432 : Integer.parseInt(direct.port()), "1700000100_First")) {
            java.util.Map<String, String> env = new java.util.HashMap<>(project.environment());
            env.put("KOLDY_DEFAULT_URL", direct.at("127.0.0.1", proxy.port()).toString());

            Result result = Launcher.run(project.root(), env, "migrate");

            assertTrue(proxy.dropped(), "the proxy lost the commit's answer");
            assertEquals(2, result.exitCode(), result.toString());
            assertTrue(result.err().contains("The connection to the database was lost as 1700000100_First committed"),
                    result.toString());
            assertTrue(result.err().contains("Looked up on a new connection: it committed, and is recorded as"
                    + " executed. The run stopped there."), result.toString());
        }
        assertEquals(List.of("1700000100_First"), project.history(), "what was reported is what is there");
        assertFalse(project.tableExists("second_t"));
        Result again = koldy("migrate");
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(List.of("1700000100_First", "1700000200_Second"), project.history(), "each once");
    }

    /** Java statements that create the marker and sleep until killed, the first time only. */
    private static String sleepOnce(Path marker) {
        return "        java.nio.file.Path marker = java.nio.file.Path.of(\"" + marker + "\");\n"
                + "        if (!java.nio.file.Files.exists(marker)) {\n"
                + "            java.nio.file.Files.createFile(marker);\n"
                + "            Thread.sleep(120_000);\n"
                + "        }\n";
    }

    /** Waits (up to a minute) for a migration to create its marker file, and asserts it did. */
    private static void awaitFile(Path marker, String what) throws InterruptedException {
        for (int i = 0; i < 600 && !Files.exists(marker); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(marker), what);
    }

    private void killWhenStarted(Path marker, String command) throws Exception {
        Running run = Launcher.start(project.root(), project.environment(), command);
        awaitFile(marker, command + " started the migration");
        run.killJvm();
        assertEquals(137, run.await().exitCode());
    }
}
