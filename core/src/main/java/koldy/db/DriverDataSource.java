package koldy.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The smallest DataSource over one JDBC driver instance, for HikariCP to pool. Unlike
 * {@code DriverManager}, it loads no other driver; the URL and properties mean exactly what they
 * mean to the driver.
 */
final class DriverDataSource implements DataSource {

    private final Driver driver;
    private final String url;
    private final Properties properties;
    private volatile int loginTimeoutSeconds;

    DriverDataSource(Driver driver, String url, Properties properties) {
        this.driver = driver;
        this.url = url;
        this.properties = properties;
    }

    /** A connection opened earlier, given out first when it is free (see {@link FirstConnection}). */
    private FirstConnection first;

    /** This, giving out {@code first}'s connection first when it is free; null: none. */
    DriverDataSource startingWith(FirstConnection first) {
        this.first = first;
        return this;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection opened = first == null ? null : first.takeForPool();
        return opened != null ? opened : newConnection();
    }

    /** A new connection from the driver, never the one opened earlier. */
    Connection newConnection() throws SQLException {
        return connect(properties);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        Properties withCredentials = new Properties();
        withCredentials.putAll(properties);
        if (user != null) {
            withCredentials.setProperty("user", user);
        }
        if (password != null) {
            withCredentials.setProperty("password", password);
        }
        return connect(withCredentials);
    }

    private Connection connect(Properties with) throws SQLException {
        Connection connection = driver.connect(url, with);
        if (connection == null) {
            throw new SQLException("The driver does not accept this URL");
        }
        return connection;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no driver-level logging
    }

    /**
     * Only remembered: connect and socket timeouts belong in the URL, as each driver documents.
     * HikariCP sets this and, on close, waits that long for its connection-opening thread to
     * stop (with 0 it does not wait, and warns that it timed out).
     */
    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("Not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
