package koldy.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A database kind the tests run against, handing each test an empty database of its own.
 * <p>Where the server comes from, in order: an environment variable with a JDBC URL
 * ({@code KOLDY_TEST_POSTGRES_URL}, {@code KOLDY_TEST_MYSQL_URL}); else a Testcontainers
 * container when Docker is available; else the server at its default local port (PostgreSQL
 * 127.0.0.1:5432 as postgres, MySQL 127.0.0.1:3306 as root); the database the URL names
 * ({@code koldy_test} for a local server) is created when missing. Else the test is skipped with
 * a message printed once on the console, or fails when
 * {@code KOLDY_TEST_REQUIRE_ALL=1} (as in CI), so nothing is silently untested.
 */
public enum TestDatabase {

    SQLITE("SQLite", null),
    POSTGRES("PostgreSQL", "KOLDY_TEST_POSTGRES_URL"),
    MYSQL("MySQL/MariaDB", "KOLDY_TEST_MYSQL_URL");

    private final String label;
    private final String urlVariable;
    private String serverUrl;
    private boolean skipAnnounced;
    private String foundHow;

    TestDatabase(String label, String urlVariable) {
        this.label = label;
        this.urlVariable = urlVariable;
    }

    public String label() {
        return label;
    }

    /** An empty database of one test; {@link #drop} removes it. */
    public record Fresh(String name, String url) {
    }

    /**
     * An empty database for one test: a new SQLite file, a new PostgreSQL schema, a new MySQL
     * database.
     */
    public Fresh fresh(Path directory) {
        String name = "koldy_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new Fresh(name, freshUrl(name, directory));
    }

    /** Drops a database made by {@link #fresh}; SQLite files go with the test's directory. */
    public void drop(Fresh fresh) {
        switch (this) {
            case POSTGRES -> execute(serverUrl(), "DROP SCHEMA IF EXISTS " + fresh.name() + " CASCADE");
            case MYSQL -> execute(serverUrl(), "DROP DATABASE IF EXISTS " + fresh.name());
            default -> {
            }
        }
    }

    private String freshUrl(String name, Path directory) {
        switch (this) {
            case SQLITE:
                return "jdbc:sqlite:" + directory.resolve(name + ".sqlite");
            case POSTGRES:
                execute(serverUrl(), "CREATE SCHEMA " + name);
                return serverUrl() + (serverUrl().contains("?") ? "&" : "?") + "currentSchema=" + name;
            case MYSQL:
                execute(serverUrl(), "CREATE DATABASE " + name);
                return JdbcUrl.parse(serverUrl()).withDatabase(name).toString();
            default:
                throw new IllegalStateException();
        }
    }

    /** Which server the tests use and how it was found, or why there is none, for the run's first line. */
    public synchronized String describe() {
        if (this == SQLITE) {
            return label + ": files in temporary directories";
        }
        try {
            String url = serverUrl();
            return label + ": " + url.replaceAll("([?&]password=)[^&]*", "$1***") + " (" + foundHow + ")";
        } catch (org.opentest4j.TestAbortedException | AssertionError e) {
            return label + ": none, its tests are skipped (" + e.getMessage() + ")";
        }
    }

    /** The server's URL, or a skip (a failure under KOLDY_TEST_REQUIRE_ALL=1) when there is none. */
    public synchronized String serverUrl() {
        if (this == SQLITE) {
            return "jdbc:sqlite::memory:";
        }
        if (serverUrl == null) {
            String fromEnvironment = System.getenv(urlVariable);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                serverUrl = withDatabase(fromEnvironment.trim());
                foundHow = "from " + urlVariable;
            } else {
                // the local server first: asking Docker prints errors where there is none
                serverUrl = localServer();
                foundHow = "the local server on its default port";
                if (serverUrl == null) {
                    serverUrl = Containers.start(this);
                    foundHow = "a Testcontainers container";
                }
            }
            if (serverUrl == null) {
                String message = label + " tests need a server: set " + urlVariable
                        + " (e.g. jdbc:" + (this == POSTGRES ? "postgresql://127.0.0.1:5432/test?user=postgres"
                        : "mysql://127.0.0.1:3306/test?user=root") + ") or make Docker available for Testcontainers";
                if ("1".equals(System.getenv("KOLDY_TEST_REQUIRE_ALL"))) {
                    Assertions.fail(message + " (KOLDY_TEST_REQUIRE_ALL=1 forbids skipping)");
                }
                if (!skipAnnounced) {
                    skipAnnounced = true; // on the console once, not only in target/*-reports
                    System.out.println("[koldy tests] SKIPPING " + label + " tests: " + message);
                }
                Assumptions.abort(message);
            }
        }
        return serverUrl;
    }

    /** The server at its default local port, with koldy_test created, or null when none answers. */
    private String localServer() {
        String url = this == POSTGRES ? "jdbc:postgresql://127.0.0.1:5432/koldy_test?user=postgres&connectTimeout=2"
                : "jdbc:mysql://127.0.0.1:3306/koldy_test?user=root&connectTimeout=2000";
        try {
            return withDatabase(url);
        } catch (AssertionError e) {
            return null;
        }
    }

    /** The URL, after creating the database it names if the server lacks it. */
    private String withDatabase(String url) {
        JdbcUrl parsed = JdbcUrl.parse(url);
        String database = parsed.database();
        if (database.isEmpty()) {
            return url;
        }
        String maintenance = parsed.withDatabase(this == POSTGRES ? "postgres" : "").toString();
        try (Connection c = DriverManager.getConnection(maintenance); Statement s = c.createStatement()) {
            if (this == POSTGRES) {
                try (java.sql.ResultSet rows = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '"
                        + database.replace("'", "''") + "'")) {
                    if (!rows.next()) {
                        s.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
                    }
                }
            } else {
                s.execute("CREATE DATABASE IF NOT EXISTS `" + database.replace("`", "``") + "`");
            }
        } catch (SQLException e) {
            throw new AssertionError("Cannot reach " + label + " at " + url.replaceAll("password=[^&]*", "password=***")
                    + ": " + e.getMessage(), e);
        }
        return url;
    }

    /** Runs statements on a fresh JDBC connection with autocommit. */
    public static void execute(String url, String... sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new AssertionError("Test setup failed on " + url.replaceAll("password=[^&]*", "password=***")
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
