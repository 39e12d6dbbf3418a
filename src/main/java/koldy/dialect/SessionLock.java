package koldy.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * A lock owned by a database session (PostgreSQL advisory lock, MySQL GET_LOCK). It lives on a
 * connection of its own, in autocommit mode and never inside a transaction, so it is held across
 * the run's commits and the server frees it when the process dies and its session ends.
 * Every statement takes one parameter: the lock key.
 */
final class SessionLock implements RunLock {

    private final DataSource dataSource;
    private final Object key;
    private final String tryLockSql;
    private final String unlockSql;
    private final String holderSql;
    private Connection connection;
    private boolean held;

    SessionLock(DataSource dataSource, Object key, String tryLockSql, String unlockSql, String holderSql) {
        this.dataSource = dataSource;
        this.key = key;
        this.tryLockSql = tryLockSql;
        this.unlockSql = unlockSql;
        this.holderSql = holderSql;
    }

    @Override
    public boolean tryAcquire() throws SQLException {
        if (connection == null) {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
        }
        try (PreparedStatement statement = connection.prepareStatement(tryLockSql)) {
            statement.setObject(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                // PostgreSQL answers a boolean, MySQL 1/0/NULL
                Object answer = rows.next() ? rows.getObject(1) : null;
                held = Boolean.TRUE.equals(answer) || answer instanceof Number n && n.intValue() == 1;
            }
        }
        return held;
    }

    @Override
    public String describeHolder() {
        if (connection == null) {
            return null;
        }
        try (PreparedStatement statement = connection.prepareStatement(holderSql)) {
            statement.setObject(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            return null; // the holder is a courtesy; lacking rights to see it is not an error
        }
    }

    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        try {
            if (held) {
                try (PreparedStatement statement = connection.prepareStatement(unlockSql)) {
                    statement.setObject(1, key);
                    statement.execute();
                }
            }
        } catch (SQLException e) {
            // Closing the session below frees a session lock as well.
        } finally {
            held = false;
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to free
            }
            connection = null;
        }
    }
}
