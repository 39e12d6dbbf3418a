package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import koldy.testing.Launcher;
import koldy.testing.Launcher.Result;
import koldy.testing.Launcher.Running;
import koldy.testing.Projects;
import koldy.testing.TestDatabase;
import koldy.testing.TestProject;
import koldy.testing.Topology;

/**
 * Exactly once where users deploy: many `./koldy migrate` processes at once on every node of a
 * Galera cluster, through PgBouncer in transaction pooling mode, and on one SQLite file reached
 * through different spellings. Each migration inserts one row into {@code applied}, a table
 * without a unique key, so a migration run twice shows as two rows.
 */
class DeployTopologiesIT {

    @TempDir
    Path directory;

    @RegisterExtension
    final Projects projects = new Projects();

    /** Migrations 1..n, each inserting its own name into {@code applied}. */
    private static void dataMigrations(TestProject project, int n) {
        for (int i = 1; i <= n; i++) {
            project.javaMigration(2000000000L + i, "Data" + i,
                    List.of("INSERT INTO applied (script) VALUES ('Data" + i + "')"),
                    List.of("DELETE FROM applied WHERE script = 'Data" + i + "'"));
        }
    }

    private static List<Result> together(TestProject project, List<Map<String, String>> environments) {
        List<Running> running = new ArrayList<>();
        for (Map<String, String> environment : environments) {
            running.add(Launcher.start(project.root(), environment, "migrate", "--lock-timeout", "180"));
        }
        return running.stream().map(Running::await).toList();
    }

    private static Map<String, String> environment(String url) {
        Map<String, String> environment = new HashMap<>();
        environment.put("KOLDY_DEFAULT_URL", url);
        return environment;
    }

    private static void assertEachOnce(TestProject project, int n, List<Result> results) {
        assertEachOnce(project, n, n, results);
    }

    private static void assertEachOnce(TestProject project, int n, int migrations, List<Result> results) {
        results.forEach(r -> assertEquals(0, r.exitCode(), r.toString()));
        assertEquals(List.of(n + "/" + n), project.strings(project.isMySql()
                ? "SELECT concat(count(*), '/', count(DISTINCT script)) FROM applied"
                : "SELECT count(*) || '/' || count(DISTINCT script) FROM applied"), "each migration ran once");
        assertEquals(migrations, project.history().size());
    }

    @Test
    void sixDeployersSpreadOverThreeGaleraNodesApplyEachMigrationOnce() {
        Topology.Cluster cluster = Topology.galera();
        projects.afterTest(cluster::drop);
        TestProject project = projects.adopt(TestProject.at(directory, cluster.nodeUrls().get(0)));
        project.execute("CREATE TABLE applied (script varchar(50) NOT NULL)");
        dataMigrations(project, 40);

        List<Map<String, String>> deployers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            deployers.add(environment(cluster.nodeUrls().get(i % cluster.nodeUrls().size())));
        }
        List<Result> results = together(project, deployers);

        assertEachOnce(project, 40, results);
        assertEquals(List.of("0"), project.strings("SELECT count(*) FROM koldy_migration_lock WHERE token IS NOT NULL"),
                "the lease was released");
    }

    @Test
    void fourDeployersThroughPgBouncerInTransactionModeApplyEachMigrationOnce() {
        Topology.Pooled pooled = Topology.pgbouncer();
        projects.afterTest(pooled::drop);
        TestProject project = projects.adopt(TestProject.at(directory, pooled.directUrl()));
        project.execute("CREATE TABLE applied (script varchar(50) NOT NULL)");
        dataMigrations(project, 30);
        project.sqlMigration(2000000100L, "Concurrently", "-- koldy:no-transaction\n-- koldy:up\n"
                + "CREATE INDEX CONCURRENTLY applied_script ON applied (script);\n-- koldy:down\nDROP INDEX applied_script;\n");

        List<Result> results = together(project, List.of(environment(pooled.url()), environment(pooled.url()),
                environment(pooled.url()), environment(pooled.url())));

        assertEachOnce(project, 30, 31, results);
    }

    @Test
    void threeSpellingsOfOneSqliteFileTakeOneLock() throws Exception {
        Path real = directory.resolve("db/app.sqlite");
        Files.createDirectories(real.getParent());
        Path alias = Files.createSymbolicLink(directory.resolve("alias.sqlite"), real);
        TestProject project = projects.adopt(TestProject.at(directory, "jdbc:sqlite:" + real));
        project.execute("CREATE TABLE applied (script varchar(50) NOT NULL)");
        // Slow enough that runs without one shared lock would overlap.
        for (int i = 1; i <= 3; i++) {
            project.writeMigration(2000000000L + i, "Data" + i,
                    "        Thread.sleep(700);\n        Db.query(\"INSERT INTO applied (script) VALUES ('Data" + i
                            + "')\").exec();\n", "");
        }

        List<Result> results = together(project, List.of(
                environment("jdbc:sqlite:file:" + real.toUri().getRawPath() + "?cache=private"),
                environment("jdbc:sqlite:" + alias),
                environment("jdbc:sqlite:" + directory.resolve("db/../db/./app.sqlite")),
                environment("jdbc:sqlite:file://" + real.toUri().getRawPath())));

        assertEachOnce(project, 3, results);
    }
}
