package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import koldy.testing.Launcher;
import koldy.testing.Launcher.Result;
import koldy.testing.Launcher.Running;
import koldy.testing.Projects;
import koldy.testing.TestDatabase;
import koldy.testing.TestProject;

/**
 * The run lock lost for real (its session killed by an operator, or ended by a server's idle
 * timeout) on a history table as Koldy PHP creates it, without a unique key on {@code script}:
 * a lost lock stops the run with exit 3 and nothing wrongly recorded, and a lock that sits idle
 * through a long migration is not lost at all.
 */
class LockLossIT {

    @TempDir
    Path directory;

    @RegisterExtension
    final Projects projects = new Projects();

    TestProject project;

    private Path marker;

    /** Koldy PHP's table, then one migration that says it started, sleeps in the database, then inserts. */
    private void slowMigration(TestDatabase database, int sleepSeconds) {
        project = projects.create(database, directory);
        project.execute(database == TestDatabase.MYSQL
                ? "CREATE TABLE koldy_migration (id int unsigned not null auto_increment, script varchar(255) not null,"
                + " script_timestamp int not null, script_executed_at datetime not null,"
                + " script_execution_duration int not null, PRIMARY KEY(id), INDEX (script_timestamp)) Engine=InnoDB"
                : "CREATE TABLE koldy_migration (id serial, script varchar(255) not null, script_timestamp int not null,"
                + " script_executed_at timestamp not null, script_execution_duration int not null, PRIMARY KEY(id))",
                "CREATE TABLE applied (script varchar(50) NOT NULL)");
        marker = directory.resolve("started");
        project.writeMigration(2000000001L, "Slow",
                "        java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + marker + "\"), \"\");\n"
                        + "        Db.query(\"SELECT " + (database == TestDatabase.MYSQL ? "sleep" : "pg_sleep") + "("
                        + sleepSeconds + ")\").fetchAll();\n"
                        + "        Db.query(\"INSERT INTO applied (script) VALUES ('Slow')\").exec();\n",
                "        Db.query(\"DELETE FROM applied\").exec();\n");
    }

    private void awaitMarker() throws InterruptedException {
        for (int i = 0; i < 600 && !Files.exists(marker); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(marker), "the migration started");
    }

    private int applied() {
        return Integer.parseInt(project.strings("SELECT count(*) FROM applied").get(0));
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MYSQL"})
    void aKilledLockSessionStopsTheRunWithExit3AndNothingRunsTwice(TestDatabase database) throws Exception {
        slowMigration(database, 3);
        Running migrate = Launcher.start(project.root(), project.environment(), "migrate");
        awaitMarker();
        project.killRunLockSession();
        Result lost = migrate.await();

        assertEquals(3, lost.exitCode(), lost.toString());
        assertTrue(lost.err().contains("Lost the migration lock on connection 'default'"), lost.toString());
        if (database == TestDatabase.MYSQL) {
            // It committed as it ran: recorded as executed, on its own started-row.
            assertTrue(lost.err().contains("it had run to the end and is recorded as executed"), lost.toString());
            assertEquals(1, applied());
            assertEquals(List.of("2000000001_Slow"), project.history());
        } else {
            assertTrue(lost.err().contains("its changes were rolled back and it is not recorded as executed"),
                    lost.toString());
            assertEquals(0, applied());
            assertEquals(List.of(), project.history());
        }

        Result again = Launcher.run(project.root(), project.environment(), "migrate");
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(1, applied(), "applied exactly once");
        assertEquals(List.of("2000000001_Slow"), project.history());
    }

    /** Ends the work connection while it sleeps in the migration, as an operator's KILL would. */
    private void killWorkConnection() throws InterruptedException {
        for (int tries = 0; tries < 100; tries++) {
            List<String> sleeping = project.strings("SELECT id FROM information_schema.processlist"
                    + " WHERE info LIKE 'SELECT sleep(%'");
            if (!sleeping.isEmpty()) {
                project.execute("KILL " + sleeping.get(0));
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the migration never slept");
    }

    @org.junit.jupiter.api.Test
    void aKilledWorkConnectionOnMariaDbIsRecordedAsFailedWhereDdlCommitted() throws Exception {
        slowMigration(TestDatabase.MYSQL, 3);
        // DDL first: MySQL commits it, and the started-row with it, before the connection is killed.
        project.writeMigration(2000000001L, "Slow",
                "        Db.query(\"CREATE TABLE slow_ddl (id integer)\").exec();\n"
                        + "        java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + marker + "\"), \"\");\n"
                        + "        Db.query(\"SELECT sleep(3)\").fetchAll();\n",
                "        Db.query(\"DROP TABLE slow_ddl\").exec();\n");
        Running migrate = Launcher.start(project.root(), project.environment(), "migrate");
        awaitMarker();
        killWorkConnection();
        Result killed = migrate.await();

        assertEquals(1, killed.exitCode(), killed.toString());
        assertTrue(killed.err().contains("Migration 2000000001_Slow failed: "), killed.toString());
        assertTrue(killed.err().contains("MySQL commits DDL as it runs") && killed.err().contains(
                "koldy recorded it as failed"), killed.toString());
        assertEquals(List.of("2000000001_Slow=failed"), project.failures());
        koldy.testing.KoldyPhpView.assertAgree(project); // failed, so not executed to Koldy PHP either
        Result refused = Launcher.run(project.root(), project.environment(), "migrate");
        assertEquals(3, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("2000000001_Slow: migration failed: "), refused.toString());
    }

    @org.junit.jupiter.api.Test
    void aKilledWorkConnectionOnMariaDbLeavesNothingWhereNothingCommitted() throws Exception {
        slowMigration(TestDatabase.MYSQL, 3);
        Running migrate = Launcher.start(project.root(), project.environment(), "migrate");
        awaitMarker();
        killWorkConnection();
        Result killed = migrate.await();

        assertEquals(1, killed.exitCode(), killed.toString());
        assertTrue(killed.err().contains("Its changes were rolled back and it is not recorded as executed."),
                killed.toString());
        assertEquals(List.of(), project.failures());
        assertEquals(0, applied());
        Result again = Launcher.run(project.root(), project.environment(), "migrate");
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(1, applied());
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MYSQL"})
    void aServerIdleTimeoutShorterThanAMigrationDoesNotLetASecondRunIn(TestDatabase database) throws Exception {
        slowMigration(database, 4);
        Map<String, String> environment = new HashMap<>(project.environment());
        environment.put("KOLDY_DEFAULT_URL", project.url() + (database == TestDatabase.MYSQL
                ? "&sessionVariables=wait_timeout=2" : "&options=-c%20idle_session_timeout%3D1500"));

        Running first = Launcher.start(project.root(), environment, "migrate");
        awaitMarker();
        Thread.sleep(2500); // past the server's idle timeout
        Running second = Launcher.start(project.root(), environment, "migrate");
        Result one = first.await();
        Result two = second.await();

        assertEquals(0, one.exitCode(), one.toString());
        assertEquals(0, two.exitCode(), two.toString());
        assertEquals(1, applied(), "applied exactly once");
        assertEquals(List.of("2000000001_Slow"), project.history());
    }
}
