package koldy.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import koldy.KoldyException;
import koldy.config.ConnectionConfig;
import koldy.testing.TestDatabase;
import koldy.testing.TestProject;

/**
 * The connections a command opens: one at start and no pool while the command only reads, that
 * one the pool's first when the run goes on; and what {@link Connections} relies on in HikariCP
 * beyond its API.
 */
class ConnectionsTest {

    @TempDir
    Path directory;

    private Connections connectionsTo(String url) {
        return new Connections(List.of(new ConnectionConfig("default", url, null, null, Map.of())));
    }

    @Test
    void aCommandThatOnlyReadsStartsNoPool() throws Exception {
        try (Connections connections = connectionsTo("jdbc:sqlite:" + directory.resolve("read.sqlite"))) {
            connections.openInBackground("default");

            assertEquals("1", connections.read("default", connection -> single(connection, "SELECT 1")));

            assertFalse(connections.pooled("default"), "a pool, for a read");
        }
    }

    /** A temporary table lives in one session only: the pool's first connection is the one read on. */
    @Test
    void thePoolStartsWithTheConnectionOpenedAtStart() throws Exception {
        try (Connections connections = connectionsTo("jdbc:sqlite:" + directory.resolve("adopt.sqlite"))) {
            connections.openInBackground("default");
            connections.read("default", connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TEMP TABLE opened_at_start (id integer)");
                }
                return null;
            });

            try (Connection borrowed = connections.borrow("default")) {
                assertEquals("0", single(borrowed, "SELECT count(*) FROM temp.opened_at_start"),
                        "the session the command read on");
            }
            assertTrue(connections.pooled("default"));
        }
    }

    @Test
    void theConnectionOpenedAtStartClosesWithTheConnectionsWhenNoPoolTookIt() throws Exception {
        Connection[] readOn = new Connection[1];
        try (Connections connections = connectionsTo("jdbc:sqlite:" + directory.resolve("close.sqlite"))) {
            connections.openInBackground("default");
            connections.read("default", connection -> {
                readOn[0] = connection;
                return null;
            });
            assertFalse(readOn[0].isClosed());
        }
        assertTrue(readOn[0].isClosed(), "left open after the command");
    }

    /**
     * A command that stops before it reads (a malformed migration) ends only once the opener is
     * done: nothing is left creating the SQLite file, or a session, after the command has ended.
     */
    @Test
    void closingWaitsForTheConnectionStillOpening() {
        Path database = directory.resolve("early").resolve("stop.sqlite");
        try (Connections connections = connectionsTo("jdbc:sqlite:" + database)) {
            database.getParent().toFile().mkdirs();
            connections.openInBackground("default");
        }
        assertTrue(java.nio.file.Files.exists(database), "the opener had finished when close returned");
    }

    /**
     * A library's Koldy may read again long after the connection opened at start, when a server
     * restart or an idle timeout has ended its session: that read goes to a new connection.
     */
    @Test
    void aConnectionOpenedAtStartWhoseSessionEndedIsNotReadOnAgain() throws Exception {
        try (TestProject project = new TestProject(TestDatabase.POSTGRES, directory);
             Connections connections = connectionsTo(project.url())) {
            connections.openInBackground("default");
            String first = connections.read("default", connection -> single(connection, "SELECT pg_backend_pid()"));
            project.execute("SELECT pg_terminate_backend(" + first + ", 10000)");
            Thread.sleep(600); // older than the half second in which a connection is taken as alive

            String second = connections.read("default", connection -> single(connection, "SELECT pg_backend_pid()"));

            assertNotEquals(first, second, "read on the ended session");
        }
    }

    @Test
    void aConnectionThatCouldNotOpenIsReportedByItsReaderNamingIt() {
        try (Connections connections = connectionsTo("jdbc:postgresql://127.0.0.1:1/nowhere?user=koldy")) {
            connections.openInBackground("default");

            KoldyException e = assertThrows(KoldyException.class, () -> connections.read("default", c -> null));

            assertEquals(KoldyException.Reason.UNREACHABLE, e.reason());
            assertTrue(e.getMessage().startsWith("Cannot connect to database connection 'default' at"
                    + " jdbc:postgresql://127.0.0.1:1/nowhere"), e.getMessage());
        }
    }

    private static String single(Connection connection, String sql) throws java.sql.SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /**
     * The pool makes HikariCP's closed-connection proxy ahead of the first give-back by the
     * class's name; an upgrade that renames it would quietly bring back ~18 ms of a run.
     */
    @Test
    void hikariStillHasTheClosedConnectionClassThatThePoolPrepares() throws Exception {
        Class<?> closed = Class.forName(Connections.HIKARI_CLOSED_CONNECTION, false,
                HikariDataSource.class.getClassLoader());
        assertTrue(Arrays.stream(closed.getDeclaredFields()).map(Field::getType).anyMatch(Connection.class::equals)
                && Arrays.stream(closed.getDeclaredFields()).anyMatch(f -> Modifier.isStatic(f.getModifiers())),
                "a static Connection made when the class initializes");
    }
}
