package koldy.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import koldy.util.Log;
import koldy.util.Text;

/**
 * A lock row with a lease, for a MariaDB Galera cluster, where {@code GET_LOCK} is local to one
 * node. Taking, renewing and releasing are single-row writes, and Galera certifies every write
 * cluster-wide: of two nodes writing the row at once, one commits and the other gets a deadlock
 * error. So at most one run holds the lease, whichever node each run is connected to.
 * <p>The holder renews the lease on every {@link #verify} (before each migration and each history
 * write, and every few seconds from {@link HeldLock}'s keep-alive). A holder that dies keeps the
 * lock until its lease ends; then the next run takes it over and says so. The lease is timed by
 * the database server's clock, so the cluster's nodes need synchronised clocks, as Galera itself
 * does. Each operation borrows its own connection: a session that ends loses nothing here.
 */
public final class LeaseLock implements RunLock {

    /** How long a lease lasts without renewal; a killed holder's successor waits this long. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    private static final Log LOG = Log.named("koldy");
    private static final String DEADLOCK_OR_CERTIFICATION_FAILURE = "40001";
    /**
     * A node applies the other nodes' commits a moment after they certify: without waiting for
     * them, a take on node 2 just after a release on node 1 still finds the lock held (a wait for
     * nothing), and a status there misses a new holder. Reads and updates of the lock row wait.
     */
    private static final String CAUSAL = "SET STATEMENT wsrep_sync_wait = 3 FOR ";
    /** A read that waits for the cluster's commits; the driver takes SET STATEMENT ... FOR SELECT for no query. */
    private static ResultSet causalQuery(Statement statement, String select) throws SQLException {
        statement.execute(CAUSAL + select);
        return statement.getResultSet();
    }

    /** Renewals tried after deadlock errors; together well under a second, far inside any lease. */
    private static final int RENEWAL_ATTEMPTS = 8;

    private final DataSource dataSource;
    private final String table;
    private final Duration lease;
    private final String token = UUID.randomUUID().toString();
    private boolean held;
    private boolean tableReady;

    /** @param table the lock table, created on first use (one row) */
    public LeaseLock(DataSource dataSource, String table, Duration lease) {
        this.dataSource = dataSource;
        this.table = table;
        this.lease = lease;
    }

    @Override
    public synchronized boolean tryAcquire() throws SQLException {
        try (Connection connection = autocommit()) {
            if (!tableReady) {
                createTableIfMissing(connection);
                tableReady = true;
            }
            String previous = expiredHolder(connection);
            try (PreparedStatement take = connection.prepareStatement(CAUSAL + "UPDATE " + table
                    + " SET holder = ?, token = ?, taken_at = utc_timestamp(6),"
                    + " expires_at = utc_timestamp(6) + INTERVAL ? SECOND, beats = beats + 1"
                    + " WHERE id = 1 AND (token IS NULL OR expires_at < utc_timestamp(6))")) {
                take.setString(1, ProcessIdentity.thisProcess());
                take.setString(2, token);
                take.setLong(3, lease.toSeconds());
                held = take.executeUpdate() == 1;
            } catch (SQLException e) {
                if (DEADLOCK_OR_CERTIFICATION_FAILURE.equals(e.getSQLState())) {
                    return false; // another node's run wrote the row first
                }
                throw e;
            }
            if (held && previous != null) {
                LOG.warn("Took over the migration lock from {}, whose lease had run out (it stopped without"
                        + " releasing the lock). Check that it is not still running.", previous);
            }
            return held;
        }
    }

    /**
     * Creates the lock table unless it is there. The check comes first because Galera replicates
     * even a {@code CREATE TABLE IF NOT EXISTS} in total order, and that aborts the holder's
     * renewal on every node with a deadlock error.
     */
    private void createTableIfMissing(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table + " WHERE id = 1")) {
            if (row.next() && row.getInt(1) == 1) {
                return;
            }
        } catch (SQLException e) {
            // not there yet: created below
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (id int NOT NULL PRIMARY KEY,"
                    + " holder varchar(255) NULL, token char(36) NULL, taken_at datetime(6) NULL,"
                    + " expires_at datetime(6) NULL, beats bigint NOT NULL DEFAULT 0) ENGINE=InnoDB");
            statement.execute("INSERT IGNORE INTO " + table + " (id) VALUES (1)");
        } catch (SQLException e) {
            if (!DEADLOCK_OR_CERTIFICATION_FAILURE.equals(e.getSQLState())) {
                throw e; // otherwise another node inserted the row at the same moment
            }
        }
    }

    /** The holder whose lease has run out, if the row shows one. */
    private String expiredHolder(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = causalQuery(statement, "SELECT holder FROM " + table
                     + " WHERE id = 1 AND token IS NOT NULL AND expires_at < utc_timestamp(6)")) {
            return row.next() ? row.getString(1) : null;
        }
    }

    /**
     * Renews the lease; it is lost when the row no longer carries this run's token, or it ran out.
     * A deadlock error (another node's write certified first) loses nothing: the lease still runs,
     * so the renewal is tried again, a few times, before the lock is given up.
     */
    @Override
    public synchronized void verify() throws LockLostException {
        if (!held) {
            throw new LockLostException("it was released");
        }
        int renewed;
        for (int attempt = 1; ; attempt++) {
            try {
                renewed = renew();
                break;
            } catch (SQLException e) {
                if (DEADLOCK_OR_CERTIFICATION_FAILURE.equals(e.getSQLState()) && attempt < RENEWAL_ATTEMPTS) {
                    pause(attempt);
                    continue;
                }
                held = false;
                throw new LockLostException("its lease could not be renewed (" + Text.firstLine(e.getMessage())
                        + ")", e);
            }
        }
        if (renewed != 1) {
            held = false;
            throw new LockLostException("its lease ran out or was taken over by another run");
        }
    }

    private int renew() throws SQLException {
        try (Connection connection = autocommit();
             PreparedStatement renew = connection.prepareStatement("UPDATE " + table
                     + " SET expires_at = utc_timestamp(6) + INTERVAL ? SECOND, beats = beats + 1"
                     + " WHERE id = 1 AND token = ? AND expires_at >= utc_timestamp(6)")) {
            renew.setLong(1, lease.toSeconds());
            renew.setString(2, token);
            return renew.executeUpdate();
        }
    }

    private static void pause(int attempt) throws LockLostException {
        try {
            Thread.sleep(50L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockLostException("its renewal was interrupted", e);
        }
    }

    @Override
    public synchronized String describeHolder() {
        try (Connection connection = autocommit();
             Statement statement = connection.createStatement();
             ResultSet row = causalQuery(statement, "SELECT concat(holder, ' since ', date_format(taken_at,"
                     + " '%Y-%m-%d %H:%i:%s'), ' UTC, lease until ', date_format(expires_at, '%H:%i:%s'), ' UTC')"
                     + " FROM " + table + " WHERE id = 1 AND token IS NOT NULL")) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    /** A lease that ran out is no one's: its holder stopped without releasing it. */
    @Override
    public synchronized String liveHolder() {
        try (Connection connection = autocommit();
             Statement statement = connection.createStatement();
             ResultSet row = causalQuery(statement, "SELECT holder FROM " + table
                     + " WHERE id = 1 AND token IS NOT NULL AND expires_at >= utc_timestamp(6)")) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException e) {
            return null; // no lock table yet: no run has held it
        }
    }

    @Override
    public synchronized void close() {
        if (!held) {
            return;
        }
        held = false;
        try (Connection connection = autocommit();
             PreparedStatement release = connection.prepareStatement("UPDATE " + table
                     + " SET holder = NULL, token = NULL, taken_at = NULL, expires_at = NULL WHERE id = 1 AND token = ?")) {
            release.setString(1, token);
            release.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("Could not release the migration lock in {} ({}); the next run takes it over when its lease"
                    + " ends, within {} s.", table, Text.firstLine(e.getMessage()), lease.toSeconds());
        }
    }

    private Connection autocommit() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(true);
        return connection;
    }
}
