package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
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
 * A migration that waits behind another session's open transaction says, as it reports that it
 * is still running, whom it waits for: it once said only "Still running" for as long as it took.
 */
class BlockedMigrationIT {

    @TempDir
    Path directory;

    @RegisterExtension
    final Projects projects = new Projects();

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MYSQL"})
    void aMigrationWaitingForALockNamesTheSessionThatHoldsIt(TestDatabase database) throws Exception {
        TestProject project = projects.create(database, directory);
        project.execute("CREATE TABLE busy (id integer)");
        project.sqlMigration(1700000100, "AlterBusy", "-- koldy:up\nALTER TABLE busy ADD c integer;\n"
                + "-- koldy:down\nALTER TABLE busy DROP COLUMN c;\n");
        try (Connection blocker = DriverManager.getConnection(project.url())) {
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement()) {
                statement.executeQuery("SELECT * FROM busy").close(); // holds the table until it commits
            }
            Map<String, String> env = new HashMap<>(project.environment());
            env.put("KOLDY_PROGRESS_SECONDS", "1");
            Running migrate = Launcher.start(project.root(), env, "migrate");
            String said = "";
            for (int i = 0; i < 600 && !said.contains("waiting for a lock held by"); i++) {
                Thread.sleep(100);
                said = migrate.outSoFar();
            }
            blocker.commit();
            Result result = migrate.await();
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(said.matches("(?s).*Still running 1700000100_AlterBusy \\(1/1\\): \\d+\\.\\d{3} s so far; waiting"
                    + " for a lock held by (backend|connection) \\d+.*"), said);
        }
    }

    /**
     * Two connections of one run to one database: the migration writes through one and alters the
     * same table through the other, which waits for the first, which commits only after it. It
     * once hung for ever; now its statement is cancelled and the migration fails, saying why.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MYSQL"})
    void aMigrationWaitingForItsOwnOtherConnectionIsStoppedAndSaysWhy(TestDatabase database) throws Exception {
        TestProject project = projects.create(database, directory);
        project.execute("CREATE TABLE busy (id integer)");
        project.write("1700000100_SelfBlock.java", "import koldy.Db;\nimport koldy.Migration;\n"
                + "class Migration_1700000100_SelfBlock extends Migration {\n"
                + "    public void up() {\n"
                + "        Db.connection(\"admin\").query(\"INSERT INTO busy VALUES (1)\").exec();\n"
                + "        Db.query(\"ALTER TABLE busy ADD c integer\").exec();\n    }\n"
                + "    public void down() { Db.query(\"ALTER TABLE busy DROP COLUMN c\").exec(); }\n}\n");
        Map<String, String> env = new HashMap<>(project.environment());
        env.put("KOLDY_CONNECTIONS", "default,admin");
        env.put("KOLDY_ADMIN_URL", project.url());
        env.put("KOLDY_PROGRESS_SECONDS", "1");

        Result result = Launcher.start(project.root(), env, "migrate").await();

        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().contains("its statement on connection 'default' waited for a lock held by this run's"
                + " own connection 'admin'"), result.toString());
        assertTrue(result.err().contains("koldy cancelled the statement. Use one connection for both"), result.toString());
        assertEquals(java.util.List.of("0"), project.strings("SELECT count(*) FROM busy"), "the admin insert rolled back");
    }

    /**
     * With migrations.lock_timeout, a migration queued behind another session's transaction gives
     * up waiting (so the queries queued behind its ALTER are not stalled), is rolled back and tried
     * again after a pause, and applies once the other transaction ends.
     */
    @org.junit.jupiter.api.Test
    void withALockTimeoutAMigrationGivesUpWaitingAndTriesAgain() throws Exception {
        TestProject project = projects.create(TestDatabase.POSTGRES, directory);
        project.execute("CREATE TABLE busy (id integer)");
        project.sqlMigration(1700000100, "AlterBusy", "-- koldy:up\nALTER TABLE busy ADD c integer;\n"
                + "-- koldy:down\nALTER TABLE busy DROP COLUMN c;\n");
        Map<String, String> env = new HashMap<>(project.environment());
        env.put("KOLDY_MIGRATIONS_LOCK_TIMEOUT", "1");
        env.put("KOLDY_MIGRATIONS_LOCK_RETRIES", "3");
        try (Connection blocker = DriverManager.getConnection(project.url())) {
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement()) {
                statement.executeQuery("SELECT * FROM busy").close();
            }
            Running migrate = Launcher.start(project.root(), env, "migrate");
            for (int i = 0; i < 600 && !migrate.errSoFar().contains("(1 of 3 retries)"); i++) {
                Thread.sleep(100);
            }
            blocker.commit(); // the other transaction ends: a later try gets the lock
            Result result = migrate.await();
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.err().contains("1700000100_AlterBusy waited longer than migrations.lock_timeout (1 s)"
                    + " for a lock another session holds, and was rolled back; trying again in 1 s (1 of 3 retries)"),
                    result.toString());
            assertEquals(java.util.List.of("1700000100_AlterBusy"), project.history());
        }

        // a transaction that stays open past every retry: the migration fails, having changed nothing
        project.sqlMigration(1700000200, "AlterAgain", "-- koldy:up\nALTER TABLE busy ADD d integer;\n"
                + "-- koldy:down\nALTER TABLE busy DROP COLUMN d;\n");
        env.put("KOLDY_MIGRATIONS_LOCK_RETRIES", "1");
        try (Connection blocker = DriverManager.getConnection(project.url())) {
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement()) {
                statement.executeQuery("SELECT * FROM busy").close();
            }
            Result result = Launcher.start(project.root(), env, "migrate").await();
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("lock timeout"), result.toString());
            assertTrue(result.err().contains("(1 of 1 retries)"), result.toString());
        }
        assertEquals(java.util.List.of("1700000100_AlterBusy"), project.history(), "nothing recorded");
    }
}
