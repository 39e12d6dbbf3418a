package koldy.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import koldy.MigrationFile;
import koldy.config.ConfigLoader;
import koldy.config.ConnectionConfig;
import koldy.db.Connections;
import koldy.history.HistoryTable;
import koldy.testing.TestDatabase;
import koldy.testing.TestProject;
import koldy.testing.Topology;

/**
 * What every database's run lock does, each through its dialect as a run gets it: taken once,
 * the holder described, released, and its loss detected by {@link RunLock#verify}.
 */
class RunLockContractTest {

    @TempDir
    Path directory;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private RunLock lockOn(String url) throws Exception {
        return lockOn(connectionsTo(url), null);
    }

    private Connections connectionsTo(String url) {
        ConnectionConfig config = new ConfigLoader(java.util.Map.of("KOLDY_DEFAULT_URL", url)).load(directory, null)
                .defaultConnection();
        Connections connections = new Connections(List.of(config));
        toClose.add(connections);
        return connections;
    }

    /** The run lock of the history on the connection, or of a tenant's history. */
    private RunLock lockOn(Connections connections, String tenant) throws Exception {
        RunLock lock = connections.dialect("default").runLock(connections.config("default"),
                connections.dataSource("default"), "koldy_migration", tenant);
        toClose.add(lock);
        return lock;
    }

    private TestProject project(TestDatabase database) {
        TestProject project = new TestProject(database, directory);
        toClose.add(project);
        return project;
    }

    private static void assertTakenOnceDescribedAndReleased(RunLock first, RunLock second) throws Exception {
        assertTrue(first.tryAcquire());
        first.verify();
        assertFalse(second.tryAcquire(), "taken twice");
        assertNotNull(second.describeHolder(), "the holder is described to a waiter");
        first.close();
        assertTrue(second.tryAcquire(), "released");
        second.verify();
        assertThrows(LockLostException.class, first::verify, "a released lock is not held");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aLockIsTakenOnceDescribedAndReleased(TestDatabase database) throws Exception {
        TestProject project = project(database);
        project.execute("CREATE TABLE t (id integer)"); // the SQLite file exists
        assertTakenOnceDescribedAndReleased(lockOn(project.url()), lockOn(project.url()));
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MYSQL"})
    void aLockWhoseSessionEndsIsDetectedAsLost(TestDatabase database) throws Exception {
        TestProject project = project(database);
        RunLock lock = lockOn(project.url());
        assertTrue(lock.tryAcquire());
        lock.verify();
        String fence = "SELECT CASE WHEN " + lock.fence() + " THEN 'held' ELSE 'not held' END";
        assertEquals(List.of("held"), project.strings(fence), "the fence, seen from another session");
        project.killRunLockSession();
        LockLostException lost = assertThrows(LockLostException.class, lock::verify);
        assertTrue(lost.getMessage().contains("session ended"), lost.getMessage());
        assertEquals(List.of("not held"), project.strings(fence), "a lost lock's fence keeps writes out");
        RunLock next = lockOn(project.url());
        assertTrue(next.tryAcquire(), "the server freed it");
    }

    /**
     * On PostgreSQL a history row carries its migration's COMMIT in the same round trip: once the
     * lock is lost, the row's INSERT fails on the fence, so the COMMIT behind it never runs and the
     * migration's change leaves with the rollback. (A fence that merely inserted no row would let
     * that COMMIT through, the change kept without its row.)
     */
    @Test
    void aRowCarryingItsCommitFailsOnceTheLockIsLostAndNothingOfItCommits() throws Exception {
        TestProject project = project(TestDatabase.POSTGRES);
        Connections connections = connectionsTo(project.url());
        RunLock lock = lockOn(connections, null);
        assertTrue(lock.tryAcquire());
        String fence = "SELECT CASE WHEN " + lock.fence() + " THEN 'held' ELSE 'not held' END";
        HistoryTable history = new HistoryTable(connections.dialect("default"), "koldy_migration");
        try (Connection work = connections.borrow("default")) {
            history.ensure(work, event -> { });
            HistoryTable fenced = history.fencedBy(lock.fence());
            assertTrue(fenced.commitsWithRow());
            work.setAutoCommit(false);
            work.createStatement().execute("CREATE TABLE kept (id integer)");
            fenced.recordExecutedAndCommit(work, migration("Kept"), HistoryTable.now(), 0);

            project.killRunLockSession();
            assertThrows(LockLostException.class, lock::verify);
            for (int i = 0; i < 100 && project.strings(fence).equals(List.of("held")); i++) {
                Thread.sleep(50); // until the killed session has left the server's activity
            }
            work.createStatement().execute("CREATE TABLE lost (id integer)");
            SQLException failed = assertThrows(SQLException.class,
                    () -> fenced.recordExecutedAndCommit(work, migration("Lost"), HistoryTable.now(), 0));
            assertTrue(failed.getMessage().contains("koldy: this run lost its run lock"), failed.getMessage());
            work.rollback();
            // the same behind a migration's last statement, all three in one round trip
            failed = assertThrows(SQLException.class, () -> fenced.runRecordAndCommit(work,
                    "CREATE TABLE also_lost (id integer)", migration("AlsoLost"), HistoryTable.now()));
            assertTrue(failed.getMessage().contains("koldy: this run lost its run lock"), failed.getMessage());
            work.rollback();
            work.setAutoCommit(true);
        }
        assertEquals(List.of("1700000100_Kept"), project.history());
        assertTrue(project.tableExists("kept"), "committed with its row");
        assertFalse(project.tableExists("lost"), "rolled back with its row");
        assertFalse(project.tableExists("also_lost"), "rolled back with its row");
    }

    private static MigrationFile migration(String name) {
        return new MigrationFile(1700000100, name, Path.of("1700000100_" + name + ".sql"), "0".repeat(64),
                MigrationFile.Kind.SQL);
    }

    /**
     * Released, the lock's session goes back to the pool alive, and may start other work there: its
     * fence must say "not held" all the same, or a late history write would pass it.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MYSQL"})
    void aReleasedLocksFenceKeepsWritesOutWhileItsSessionLivesOn(TestDatabase database) throws Exception {
        TestProject project = project(database);
        Connections connections = connectionsTo(project.url());
        RunLock lock = lockOn(connections, null);
        assertTrue(lock.tryAcquire());
        String fence = "SELECT CASE WHEN " + lock.fence() + " THEN 'held' ELSE 'not held' END";
        assertEquals(List.of("held"), project.strings(fence), "the fence, seen from another session");

        lock.close();
        assertEquals(List.of("not held"), project.strings(fence), "released, its session idle in the pool");
        try (java.sql.Connection same = connections.borrow("default")) { // the pool's one idle session
            same.setAutoCommit(false);
            same.createStatement().execute("SELECT 1");
            assertEquals(List.of("not held"), project.strings(fence), "its session in another transaction");
            same.rollback();
        }
    }

    /** Tenants in one database (a schema each) each have their own lock; one tenant's is still one lock. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MYSQL"})
    void eachTenantsLockIsItsOwn(TestDatabase database) throws Exception {
        TestProject project = project(database);
        Connections connections = connectionsTo(project.url());
        List<RunLock> locks = new ArrayList<>();
        for (String tenant : List.of("acme", "globex", "acme")) {
            locks.add(lockOn(connections, tenant));
        }
        assertTrue(locks.get(0).tryAcquire(), "acme's");
        assertTrue(locks.get(1).tryAcquire(), "globex's, while acme's is held");
        assertFalse(locks.get(2).tryAcquire(), "acme's again, from another run");
        assertTrue(lockOn(project.url()).tryAcquire(), "the project's own history, no tenant's");
    }

    @Test
    void aSqliteLockIsOnePerFileWhateverTheSpelling() throws Exception {
        TestProject project = project(TestDatabase.SQLITE);
        project.execute("CREATE TABLE t (id integer)");
        Path file = Path.of(project.url().substring("jdbc:sqlite:".length()));
        Path link = java.nio.file.Files.createSymbolicLink(directory.resolve("link.sqlite"), file);
        assertTakenOnceDescribedAndReleased(lockOn("jdbc:sqlite:file:" + file.toUri().getRawPath() + "?mode=rw"),
                lockOn("jdbc:sqlite:" + link));
        assertTrue(lockOn("jdbc:sqlite:file::memory:?cache=shared") instanceof NoLock, "in memory: nothing to share");
    }

    @Test
    void aGaleraLeaseIsKeptWhileNewRunsArriveOnOtherNodes() throws Exception {
        // Each new run's first try once issued CREATE TABLE IF NOT EXISTS, which Galera replicates in
        // total order: it aborted the holder's renewal on another node with a deadlock error, and the
        // holder gave up a lock it still held (a CI run of six deployers failed so).
        Topology.Cluster cluster = Topology.galera();
        toClose.add(cluster::drop);
        RunLock holder = lockOn(cluster.nodeUrls().get(0));
        assertTrue(holder.tryAcquire());
        java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> arrivals = new ArrayList<>();
        List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (String url : cluster.nodeUrls().subList(1, 3)) {
            Thread arrival = new Thread(() -> {
                for (int run = 0; run < 15; run++) {
                    try (Connections connections = new Connections(List.of(new ConfigLoader(java.util.Map.of(
                            "KOLDY_DEFAULT_URL", url)).load(directory, null).defaultConnection()))) {
                        LeaseLock newRun = new LeaseLock(connections.dataSource("default"), "koldy_migration_lock",
                                LeaseLock.DEFAULT_LEASE);
                        if (newRun.tryAcquire()) {
                            taken.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.add(e);
                    }
                }
            });
            arrival.start();
            arrivals.add(arrival);
        }
        int renewals = 0;
        while (arrivals.stream().anyMatch(Thread::isAlive)) {
            holder.verify(); // throws LockLostException if the lock was given up
            renewals++;
        }
        for (Thread arrival : arrivals) {
            arrival.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(0, taken.get(), "no new run takes a held lease");
        assertTrue(renewals > 0);
        holder.verify();
    }

    @Test
    void aGaleraLeaseHoldsAcrossNodesAndIsTakenOverWhenItRunsOut() throws Exception {
        Topology.Cluster cluster = Topology.galera();
        toClose.add(cluster::drop);
        RunLock onNode1 = lockOn(cluster.nodeUrls().get(0));
        RunLock onNode2 = lockOn(cluster.nodeUrls().get(1));
        assertTrue(onNode1 instanceof LeaseLock, "a Galera node gets the lease lock");
        assertTakenOnceDescribedAndReleased(onNode1, onNode2);
        onNode2.close();

        // A holder that stops renewing loses the lease to the next run when it runs out.
        Connections connections = new Connections(List.of(new ConfigLoader(java.util.Map.of("KOLDY_DEFAULT_URL",
                cluster.nodeUrls().get(2))).load(directory, null).defaultConnection()));
        toClose.add(connections);
        LeaseLock shortLease = new LeaseLock(connections.dataSource("default"), "koldy_migration_lock",
                Duration.ofSeconds(1));
        toClose.add(shortLease);
        assertTrue(shortLease.tryAcquire());
        RunLock successor = lockOn(cluster.nodeUrls().get(0));
        assertFalse(successor.tryAcquire());
        Thread.sleep(2100);
        assertTrue(successor.tryAcquire(), "taken over after the lease ran out");
        LockLostException lost = assertThrows(LockLostException.class, shortLease::verify);
        assertTrue(lost.getMessage().contains("lease"), lost.getMessage());
    }
}
