package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import koldy.testing.JdbcUrl;
import koldy.testing.Launcher;
import koldy.testing.Launcher.Result;
import koldy.testing.Launcher.Running;
import koldy.testing.Projects;
import koldy.testing.TcpForwarder;
import koldy.testing.TestDatabase;
import koldy.testing.TestProject;

/** --wait and the wait command, against a PostgreSQL server that comes up late. */
class WaitIT {

    @TempDir
    Path directory;

    @RegisterExtension
    final Projects projects = new Projects();

    /** As the Docker image runs it: the entrypoint waits by default (KOLDY_WAIT, 60 s). */
    @Test
    void theEntrypointWaitsForAServerThatComesUpLate() throws Exception {
        TestProject project = projects.create(TestDatabase.POSTGRES, directory);
        project.sqlMigration(1700000100, "CreateThings", "-- koldy:up\nCREATE TABLE things (id integer);\n"
                + "-- koldy:down\nDROP TABLE things;\n");
        JdbcUrl direct = JdbcUrl.parse(project.url());
        try (TcpForwarder late = new TcpForwarder(direct.host(), direct.port() == null ? 5432
                : Integer.parseInt(direct.port()))) {
            String url = direct.at("127.0.0.1", late.port()).toString();
            Running running = Launcher.start(List.of("sh", Launcher.HOME.resolve("docker/entrypoint.sh").toString()),
                    directory, Map.of("KOLDY_DEFAULT_URL", url, "KOLDY_ROOT", directory.toString(),
                            "KOLDY_LAUNCHER", Launcher.HOME.resolve("koldy").toString()), "migrate");
            TimeUnit.SECONDS.sleep(7); // refused meanwhile: more than one "Waiting" period
            late.start();
            Result result = running.await();

            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.out().contains("Waiting for database connection 'default'"), result.toString());
            assertTrue(result.out().contains("Migrated 1700000100_CreateThings"), result.toString());
        }
        assertTrue(project.tableExists("things"));
    }

    @Test
    void waitGivesUpWithExit2NamingTheLastError() throws Exception {
        try (TcpForwarder never = new TcpForwarder("127.0.0.1", 1)) {
            Files.createDirectories(directory.resolve("application/migrations"));
            Result result = Launcher.run(directory, Map.of("KOLDY_DEFAULT_URL",
                    "jdbc:postgresql://127.0.0.1:" + never.port() + "/app?user=app"), "wait", "--wait", "2");
            assertEquals(2, result.exitCode(), result.toString());
            assertTrue(result.err().contains("Gave up waiting for the database after 2 s."), result.toString());
            assertTrue(result.err().contains("Connection refused"), result.toString());
        }
    }

    /** Wrong credentials or a missing database do not go away by waiting: they fail at once. */
    @Test
    void aMissingDatabaseFailsAtOnceWhateverTheWait() throws Exception {
        String server = TestDatabase.POSTGRES.serverUrl();
        Files.createDirectories(directory.resolve("application/migrations"));
        Result result = Launcher.run(directory, Map.of("KOLDY_DEFAULT_URL",
                server.replaceFirst("/[^/?]+(\\?|$)", "/koldy_no_such_database$1")), "migrate", "--wait", "60");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("koldy_no_such_database"), result.toString());
        assertTrue(!result.all().contains("Waiting for") && !result.all().contains("Gave up"), "no waiting: " + result);
    }
}
