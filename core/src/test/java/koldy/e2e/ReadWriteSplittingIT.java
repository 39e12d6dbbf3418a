package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import koldy.Applied;
import koldy.MigrateOptions;
import koldy.library.Koldy;
import koldy.testing.Topology;

/**
 * Behind pgpool-II, which sends reads to a streaming replica that applies the primary's changes
 * late: a second deploy right after the first read the history from the replica, ran a
 * no-transaction INSERT migration again (two rows) and recorded a successful migration as failed.
 * Every read that decides what runs must come from the primary.
 */
class ReadWriteSplittingIT {

    @TempDir
    Path directory;

    private String database;
    private Topology.Split split;

    @AfterEach
    void drop() throws SQLException {
        if (database != null) {
            try (Connection c = DriverManager.getConnection(split.primary()); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void theHistoryIsReadFromThePrimaryNotFromALaggingReplica() throws Exception {
        split = Topology.pgpool();
        database = "koldy_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(split.primary()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        String pooled = split.pool().replaceFirst("/postgres\\?", "/" + database + "?");
        split.awaitReplica(database); // the replica has the database itself before anyone connects through pgpool
        Path migrations = Files.createDirectories(directory.resolve("application/migrations"));
        Files.writeString(migrations.resolve("1700000100_CreateSeeded.sql"),
                "-- koldy:up\nCREATE TABLE seeded (id integer);\n-- koldy:down\nDROP TABLE seeded;\n");
        Files.writeString(migrations.resolve("1700000200_Seed.sql"), "-- koldy:no-transaction\n-- koldy:up\n"
                + "INSERT INTO seeded (id) VALUES (1);\n-- koldy:down\nDELETE FROM seeded;\n");

        try (Koldy koldy = Koldy.configure().projectRoot(directory)
                .environment(Map.of("KOLDY_DEFAULT_URL", pooled)).build()) {
            assertEquals(2, koldy.migrate().size(), "the first deploy");
            // the next deploy, at once: the replica is 3 s behind
            List<Applied> again = koldy.migrate(MigrateOptions.defaults());
            assertEquals(List.of(), again, "nothing to run: every migration is executed");
        }
        assertEquals(1, count(split.primary().replaceFirst("/postgres\\?", "/" + database + "?"),
                "SELECT count(*) FROM seeded"), "the INSERT ran once");
    }

    /**
     * A multi-host URL whose hosts all answer and none is a primary (pointed at replicas, or asking
     * for a primary where there is only a standby) is not a server that is starting: waiting does
     * not change it, so it is refused at once, in the driver's words, whatever --wait says.
     */
    @Test
    void noPrimaryAmongHostsThatAllAnswerIsRefusedAtOnceNotWaitedFor() throws Exception {
        split = Topology.pgpool();
        String replica = split.primary().replaceFirst(":5441/", ":5442/");
        String replicasOnly = replica.replaceFirst("//127.0.0.1:5442/", "//127.0.0.1:5442,127.0.0.1:5442/")
                + "&targetServerType=primary";
        Files.createDirectories(directory.resolve("application/migrations"));
        koldy.testing.Launcher.Result result = koldy.testing.Launcher.run(directory,
                Map.of("KOLDY_DEFAULT_URL", replicasOnly), "migrate", "--wait", "60");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("Could not find a server with specified targetServerType: primary"),
                result.toString());
        assertTrue(!result.all().contains("Waiting for") && !result.all().contains("Gave up"), "no waiting: " + result);
    }

    private static long count(String url, String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
