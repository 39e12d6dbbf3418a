package koldy.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Where users deploy, beyond one directly connected server: a MariaDB Galera cluster
 * ({@code KOLDY_TEST_GALERA_URLS}, one JDBC URL per node, comma-separated) and PgBouncer in
 * transaction pooling mode ({@code KOLDY_TEST_PGBOUNCER_URL}). {@code .ci/galera.sh} and
 * {@code .ci/pgbouncer.sh} start them. Without the variables the tests are skipped with a
 * message, or fail under {@code KOLDY_TEST_REQUIRE_ALL=1}.
 */
public final class Topology {

    private Topology() {
    }

    /** A fresh database on the cluster, as one URL per node. */
    public record Cluster(String name, List<String> nodeUrls) {
        public void drop() {
            TestDatabase.execute(nodeUrls.get(0), "DROP DATABASE IF EXISTS " + name);
        }
    }

    /** A fresh database reached through the pooler, and directly. */
    public record Pooled(String name, String url, String directUrl) {
        public void drop() {
            TestDatabase.execute(TestDatabase.POSTGRES.serverUrl(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    public static Cluster galera() {
        List<String> servers = Arrays.stream(required("KOLDY_TEST_GALERA_URLS", "a Galera cluster (.ci/galera.sh"
                + " starts one)").split(",")).map(String::trim).toList();
        String name = freshName();
        TestDatabase.execute(servers.get(0), "CREATE DATABASE " + name);
        List<String> nodes = new ArrayList<>();
        for (String server : servers) {
            nodes.add(server.replaceFirst("(jdbc:mysql://[^/?]+/)[^?]*", "$1" + name));
        }
        return new Cluster(name, List.copyOf(nodes));
    }

    /** pgpool-II in front of a primary and a streaming replica that applies changes late (.ci/pgpool.sh). */
    public record Split(String pool, String primary) {

        /** Waits (up to a minute) until the replica has replayed the creation of {@code database}. */
        public void awaitReplica(String database) throws InterruptedException {
            String replica = primary.replaceFirst(":5441/postgres", ":5442/" + database);
            for (int i = 0; i < 600; i++) {
                try (java.sql.Connection c = java.sql.DriverManager.getConnection(replica)) {
                    return;
                } catch (java.sql.SQLException notYet) {
                    Thread.sleep(100);
                }
            }
            Assertions.fail("the replica did not replay CREATE DATABASE " + database);
        }
    }

    public static Split pgpool() {
        String[] urls = required("KOLDY_TEST_PGPOOL_URLS", "pgpool-II with a lagging streaming replica"
                + " (.ci/pgpool.sh starts one)").split(",");
        return new Split(urls[0].trim(), urls[1].trim());
    }

    public static Pooled pgbouncer() {
        String server = required("KOLDY_TEST_PGBOUNCER_URL", "PgBouncer in transaction mode (.ci/pgbouncer.sh"
                + " starts one)");
        String direct = TestDatabase.POSTGRES.serverUrl();
        String name = freshName();
        TestDatabase.execute(direct, "CREATE DATABASE " + name);
        return new Pooled(name, withDatabase(server, name), withDatabase(direct, name));
    }

    private static String withDatabase(String url, String name) {
        return url.replaceFirst("(jdbc:postgresql://[^/?]+/)[^?]*", "$1" + name);
    }

    private static String freshName() {
        return "koldy_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static final java.util.Set<String> SKIPS_ANNOUNCED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Whether the topology behind {@code variable} is configured, and by which variable. */
    public static String describe(String variable, String what) {
        String value = System.getenv(variable);
        return what + ": " + (value == null || value.isBlank() ? "not set (" + variable + "), its tests are skipped"
                : "from " + variable);
    }

    private static String required(String variable, String what) {
        String value = System.getenv(variable);
        if (value != null && !value.isBlank()) {
            return value.trim();
        }
        String message = "These tests need " + what + ": set " + variable;
        if ("1".equals(System.getenv("KOLDY_TEST_REQUIRE_ALL"))) {
            Assertions.fail(message + " (KOLDY_TEST_REQUIRE_ALL=1 forbids skipping)");
        }
        if (SKIPS_ANNOUNCED.add(variable)) { // on the console once per group, not only in target/*-reports
            System.out.println("[koldy tests] SKIPPING tests that need " + what + ": set " + variable);
        }
        Assumptions.abort(message);
        return null;
    }
}
