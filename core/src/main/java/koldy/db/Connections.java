package koldy.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import koldy.KoldyException;
import koldy.KoldyException.Reason;
import koldy.config.ConnectionConfig;
import koldy.config.Secrets;
import koldy.dialect.Dialect;
import koldy.dialect.Dialects;
import koldy.util.Log;
import koldy.util.Text;

/**
 * The configured connections as HikariCP pools, each opened on first use: a connection that a
 * run never touches is never contacted. Failures to connect become one sentence naming the
 * connection and its host, never its password.
 */
public final class Connections implements AutoCloseable {

    private static final Log LOG = Log.of(Connections.class);

    private final Map<String, ConnectionConfig> configs = new LinkedHashMap<>();
    private final Map<String, DataSource> dataSources = new LinkedHashMap<>();
    private final List<HikariDataSource> opened = new ArrayList<>();
    /** Per connection name, the connection opened at start before any pool ({@link #openInBackground}). */
    private final Map<String, FirstConnection> firsts = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean closed;

    public Connections(List<ConnectionConfig> connections) {
        this(connections, Map.of());
    }

    /**
     * @param provided data sources the caller owns (e.g. an application's pool), by connection
     *                 name; they are used as they are and never closed here
     */
    public Connections(List<ConnectionConfig> connections, Map<String, DataSource> provided) {
        for (ConnectionConfig c : connections) {
            configs.put(c.name(), c);
        }
        dataSources.putAll(provided);
    }

    public ConnectionConfig config(String name) {
        ConnectionConfig config = configs.get(name);
        if (config == null) {
            throw KoldyException.config("Unknown connection '" + name + "'; configured: "
                    + String.join(", ", configs.keySet()) + ".");
        }
        return config;
    }

    public Dialect dialect(String name) {
        return Dialects.forUrl(config(name).url());
    }

    public synchronized DataSource dataSource(String name) {
        DataSource existing = dataSources.get(name);
        if (existing != null) {
            return existing;
        }
        if (closed) {
            // A background opener that starts late must not open a pool nobody will close.
            throw new IllegalStateException("The connections are closed");
        }
        ConnectionConfig config = config(name);
        HikariDataSource pool = open(config);
        dataSources.put(name, pool);
        opened.add(pool);
        startDaemon("koldy-prepare-" + name, Connections::prepareFirstReturn);
        return pool;
    }

    /**
     * Starts opening the named connection in the background, so connecting overlaps with other
     * start-up work: one connection, no pool yet ({@link FirstConnection}). A failure is reported
     * by whoever reads on it. Nothing to do where a pool or the application's data source exists.
     */
    public void openInBackground(String name) {
        ConnectionConfig config = config(name);
        FirstConnection first = new FirstConnection();
        synchronized (this) {
            if (closed || dataSources.containsKey(name) || firsts.containsKey(name)) {
                return;
            }
            firsts.put(name, first);
        }
        startDaemon("koldy-connect-" + name, () -> first.open(() -> driverDataSource(config)));
    }

    /** Reads on a connection, which the caller must not close or change. */
    @FunctionalInterface
    public interface Reading<T> {
        T read(Connection connection) throws SQLException;
    }

    /**
     * Reads on the connection opened at start ({@link #openInBackground}), so that a command
     * that finds nothing to do never starts a pool; once the pool has it, or while another
     * thread reads on it, on a connection borrowed from the pool.
     */
    public <T> T read(String name, Reading<T> reading) throws SQLException {
        FirstConnection first = firsts.get(name);
        Connection connection;
        try {
            connection = first == null ? null : first.takeToRead();
        } catch (SQLException e) {
            throw unreachable(config(name), e);
        }
        if (connection == null) {
            try (Connection borrowed = borrow(name)) {
                return reading.read(borrowed);
            }
        }
        try {
            return reading.read(connection);
        } finally {
            first.giveBack();
        }
    }

    /** Whether the named connection has a pool (or the application's data source) yet. */
    synchronized boolean pooled(String name) {
        return dataSources.containsKey(name);
    }

    private static void startDaemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * HikariCP's class for a connection given back, which it makes on the first give-back: a
     * dynamic proxy of the whole {@link Connection} interface, not in the class-data archive.
     */
    static final String HIKARI_CLOSED_CONNECTION = "com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection";

    /**
     * Makes HikariCP's closed-connection proxy now, while the run goes on, instead of when it
     * first gives a connection back: that cost about 18 ms on the run's own thread. Nothing changes
     * if HikariCP no longer has the class.
     */
    private static void prepareFirstReturn() {
        try {
            Class.forName(HIKARI_CLOSED_CONNECTION, true, HikariDataSource.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // a later HikariCP: its first give-back pays for itself
        }
    }

    /**
     * Waits for a database that is still starting: retries while the server refuses connections,
     * its host name does not resolve yet, or it says it is starting up, with a line every 5 s;
     * anything else (wrong credentials, a missing database) fails at once.
     *
     * @param deadline when to give up, in {@link System#nanoTime()}'s terms
     * @param timeout  the whole wait, for the message
     * @throws KoldyException naming the last error when the time runs out
     */
    public void waitFor(String name, long deadline, java.time.Duration timeout) {
        long nextReport = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                dataSource(name); // opening the pool connects once, and keeps that connection
                return;
            } catch (KoldyException e) {
                if (!stillStarting(e.getCause())) {
                    throw e;
                }
                long now = System.nanoTime();
                if (now >= deadline) {
                    throw new KoldyException(Reason.UNREACHABLE, "Gave up waiting for the database after "
                            + timeout.toSeconds() + " s. " + e.getMessage(), e.getCause());
                }
                if (now >= nextReport) {
                    LOG.info("Waiting for database connection '{}': {}", name, e.getMessage());
                    nextReport = now + 5_000_000_000L;
                }
                try {
                    Thread.sleep(Math.max(1, Math.min(1000, (deadline - now) / 1_000_000)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** A failure that a server which is starting (or not yet in DNS) gives, and that goes away. */
    static boolean stillStarting(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.io.EOFException) {
                return true;
            }
            // PostgreSQL: "the database system is starting up" (or not yet accepting connections)
            if (t instanceof SQLException sql && "57P03".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A connection from the named pool; the caller closes it to give it back. */
    public Connection borrow(String name) {
        DataSource dataSource = dataSource(name);
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw unreachable(config(name), e);
        }
    }

    private HikariDataSource open(ConnectionConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("koldy-" + config.name());
        // the connection opened at start, if it is free, is the pool's first: nothing connects twice,
        // and the driver it was opened with serves the pool too
        FirstConnection first = firsts.get(config.name());
        DriverDataSource driver = first == null ? null : first.source();
        hikari.setDataSource((driver != null ? driver : driverDataSource(config)).startingWith(first));
        // A CLI run needs the work connection and the lock's connection; nothing more.
        hikari.setMaximumPoolSize(3);
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(30_000);
        hikari.setInitializationFailTimeout(1); // try once at start and fail with the driver's reason
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw unreachable(config, e);
        }
        // The connection the pool started with stays (minimum idle 1 at start); from here on,
        // connections are opened only when asked for. Otherwise the pool's housekeeper opens a
        // spare one whenever a run holds them all, which no run ever uses.
        pool.getHikariConfigMXBean().setMinimumIdle(0);
        return pool;
    }

    /** The connection's driver with its URL and properties (checked: the driver is there). */
    private DriverDataSource driverDataSource(ConnectionConfig config) {
        LOG.debug("Opening connection '{}' to {}", config.name(), config.safeUrl());
        QuietSlf4j.whenNoProvider(); // before the driver and the pool, which log through SLF4J
        Dialect dialect = Dialects.forUrl(config.url());
        java.sql.Driver driver;
        try {
            dialect.prepare(config);
            driver = dialect.driver();
        } catch (NoClassDefFoundError missing) {
            // the library leaves the drivers to the application; koldy.jar has all three
            throw KoldyException.config("Connection '" + config.name() + "' needs the " + dialect.name()
                    + " JDBC driver, which is not on the classpath: add " + dialect.driverArtifact()
                    + " to the application's dependencies.");
        }
        java.util.Properties properties = new java.util.Properties();
        properties.putAll(dialect.driverProperties());
        properties.putAll(config.properties());
        if (config.user() != null) {
            properties.setProperty("user", config.user());
        }
        if (config.password() != null) {
            properties.setProperty("password", config.password());
        }
        return new DriverDataSource(driver, config.url(), properties);
    }

    private KoldyException unreachable(ConnectionConfig config, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        reason = Text.firstLine(reason);
        if (root instanceof java.net.UnknownHostException) {
            reason = "unknown host " + reason; // the JDK's message is the host name alone
        }
        List<String> secrets = new ArrayList<>();
        secrets.add(config.password());
        String message = "Cannot connect to database connection '" + config.name() + "' at " + config.safeUrl()
                + ": " + Secrets.mask(reason, secrets);
        return new KoldyException(Reason.UNREACHABLE, message, e);
    }

    @Override
    public synchronized void close() {
        closed = true;
        firsts.values().forEach(FirstConnection::close);
        for (HikariDataSource pool : opened) {
            pool.close();
        }
        opened.clear();
        dataSources.clear();
    }
}
