package koldy.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import koldy.Advice;
import koldy.Db;
import koldy.KoldyException;
import koldy.MigrationFile;
import koldy.config.Config;
import koldy.config.ConnectionConfig;
import koldy.db.Connections;
import koldy.dialect.Dialect;
import koldy.dialect.Dialects;
import koldy.lock.HeldLock;
import koldy.lock.LockLostException;
import koldy.lock.RunLock;
import koldy.history.Direction;
import koldy.history.HistoryTable;
import koldy.load.Executable;

/**
 * One migration's trip through {@link Steps}, on a SQLite file with a scripted run lock, no server:
 * atomic (in a transaction with its history row) or not (a started-row first), up or down, and
 * whether it succeeds, fails, or loses the lock while it runs. Each case checks what the run says
 * and what the history and the database then hold.
 */
class StepsTest {

    private static final String SCRIPT = "1700000100_Things";

    @TempDir
    Path directory;

    private Connections connections;
    private Connection work;
    private HistoryTable history;
    private Dialect dialect;
    private Config config;
    private final ScriptedLock lock = new ScriptedLock();

    @BeforeEach
    void database() throws SQLException {
        String url = "jdbc:sqlite:" + directory.resolve("steps.sqlite");
        config = new Config(directory, List.of(new ConnectionConfig("default", url, null, null, Map.of())), "default",
                directory.resolve("migrations"), "koldy_migration");
        connections = new Connections(config.connections());
        dialect = Dialects.forUrl(url);
        history = new HistoryTable(dialect, "koldy_migration");
        work = connections.borrow("default");
        history.ensure(work, event -> { });
    }

    @AfterEach
    void close() throws SQLException {
        work.close();
        connections.close();
    }

    /**
     * @param atomic  the migration runs in a transaction with its history row
     * @param up      a migrate (else a rollback of the executed migration)
     * @param outcome ok, fail (it throws after its statement), lost (the lock is lost while it runs)
     */
    @ParameterizedTest(name = "atomic={0} up={1} {2}")
    @CsvSource({
            // atomic, up, outcome, recorded executed after, table after, message (start; "" for success)
            "true,  true,  ok,   true,  true,  ''",
            "true,  true,  fail, false, false, 'Migration 1700000100_Things failed: IllegalStateException: boom'",
            "true,  true,  lost, false, false, 'Lost the migration lock on test: taken over. Stopped at 1700000100_Things: its changes were rolled back and it is not recorded as executed.'",
            "false, true,  ok,   true,  true,  ''",
            "false, true,  fail, false, true,  'Migration 1700000100_Things failed: IllegalStateException: boom'",
            "false, true,  lost, true,  true,  'Lost the migration lock on test: taken over. Stopped at 1700000100_Things: it had run to the end and is recorded as executed.'",
            "true,  false, ok,   false, false, ''",
            "true,  false, fail, true,  true,  'Rollback of 1700000100_Things failed: IllegalStateException: boom'",
            "true,  false, lost, true,  true,  'Lost the migration lock on test: taken over. Stopped at the rollback of 1700000100_Things: its changes were rolled back and it is still recorded as executed.'",
            "false, false, ok,   false, false, ''",
            "false, false, fail, false, false, 'Rollback of 1700000100_Things failed: IllegalStateException: boom'",
            "false, false, lost, false, false, 'Lost the migration lock on test: taken over. Stopped at the rollback of 1700000100_Things: it had run to the end and is recorded as rolled back.'",
    })
    void aMigrationsTrip(boolean atomic, boolean up, String outcome, boolean executedAfter, boolean tableAfter,
                         String message) throws Exception {
        Executable migration = new Scripted(atomic, outcome, lock);
        if (!up) {
            try (HeldLock held = held()) {
                steps(held).runAll(List.of(new Scripted(atomic, "ok", lock)), Direction.UP);
            }
            lock.lost = false;
        }
        try (HeldLock held = held()) {
            Steps steps = steps(held);
            if (message.isEmpty()) {
                assertEquals(1, steps.runAll(List.of(migration), up ? Direction.UP : Direction.DOWN).size());
            } else {
                KoldyException e = assertThrows(KoldyException.class,
                        () -> steps.runAll(List.of(migration), up ? Direction.UP : Direction.DOWN));
                assertTrue(e.getMessage().startsWith(message), e.getMessage());
            }
        }
        assertEquals(executedAfter, history.read(work).stream()
                .anyMatch(row -> row.script().equals(SCRIPT) && !row.failed()), "recorded as executed");
        assertEquals(tableAfter, tableExists(), "the migration's table");
        if (outcome.equals("fail") && !atomic) {
            // what could not be rolled back is recorded as failed, for repair
            assertEquals(List.of(up ? "failed" : "revert-failed"), runStates());
        }
    }

    private HeldLock held() throws SQLException {
        return HeldLock.acquire(lock, Duration.ofSeconds(1), "test", event -> { }, "a longer lock timeout");
    }

    private Steps steps(HeldLock held) {
        RunSettings run = new RunSettings(config, connections, Advice.LIBRARY, event -> { }, Duration.ZERO, null);
        return new Steps(run, dialect, history, work, held);
    }

    private boolean tableExists() throws SQLException {
        try (Connection c = connections.borrow("default"); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'things'")) {
            rows.next();
            return rows.getInt(1) == 1;
        }
    }

    private List<String> runStates() throws SQLException {
        List<String> states = new ArrayList<>();
        try (Connection c = connections.borrow("default"); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT script_status FROM koldy_migration_run")) {
            while (rows.next()) {
                states.add(rows.getString(1));
            }
        }
        return states;
    }

    /** A migration that creates (down: drops) a table, then does what its outcome says. */
    private record Scripted(boolean transactional, String outcome, ScriptedLock lock) implements Executable {

        @Override
        public MigrationFile file() {
            return new MigrationFile(1700000100, "Things", Path.of(SCRIPT + ".java"), "0".repeat(64),
                    MigrationFile.Kind.JAVA);
        }

        @Override
        public void up() {
            Db.query("CREATE TABLE things (id integer)").exec();
            then();
        }

        @Override
        public void down() {
            Db.query("DROP TABLE things").exec();
            then();
        }

        private void then() {
            switch (outcome) {
                case "fail" -> throw new IllegalStateException("boom");
                case "lost" -> lock.lost = true;
                default -> { }
            }
        }

        @Override
        public String connection() {
            return null;
        }
    }

    /** A run lock the test takes away at will: no fence, so every history write verifies it. */
    private static final class ScriptedLock implements RunLock {
        volatile boolean lost;

        @Override
        public boolean tryAcquire() {
            return true;
        }

        @Override
        public String describeHolder() {
            return null;
        }

        @Override
        public void verify() throws LockLostException {
            if (lost) {
                throw new LockLostException("taken over");
            }
        }

        @Override
        public void close() {
        }
    }
}
