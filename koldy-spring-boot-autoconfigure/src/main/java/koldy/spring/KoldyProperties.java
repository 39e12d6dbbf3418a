package koldy.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** koldy in a Spring Boot application: {@code koldy.*} in application.properties or YAML. */
@ConfigurationProperties(prefix = "koldy")
public class KoldyProperties {

    /** What koldy does when the application starts. */
    public enum OnStartup {
        /** Runs pending migrations before anything uses the database. */
        MIGRATE,
        /** Runs nothing, and stops the start-up unless every migration is executed and unchanged. */
        VALIDATE,
        /** Does nothing (the Koldy bean is there for the application's own use). */
        NONE
    }

    /** Whether to configure koldy at all. */
    private boolean enabled = true;

    /** What koldy does when the application starts. */
    private OnStartup onStartup = OnStartup.MIGRATE;

    /**
     * Exits the application (exit code 0) once the migrations are applied, before it serves
     * anything: for an init container or a Kubernetes Job that runs the application's own jar.
     */
    private boolean exitAfterMigrate = false;

    /**
     * Where the migrations are: {@code classpath:<folder>} for the ones koldy-maven-plugin's
     * package-migrations goal packaged (no compiler needed at run time), or
     * {@code filesystem:<directory>} for a directory of files compiled at start-up (needs a JDK).
     */
    private String location = "classpath:koldy/migrations";

    /** The history table. */
    private String table = "koldy_migration";

    /** How long to wait for another instance's run lock. */
    private Duration lockTimeout = Duration.ofMinutes(5);

    /** Runs migrations older than the newest executed one too (after a merge); for one start, not for good. */
    private boolean force = false;

    /** How long to wait for a database that is still starting; zero fails at once. */
    private Duration waitForDatabase = Duration.ZERO;

    /** JDBC URL of the database to migrate, when it is not the application's DataSource. */
    private String url;

    /** User for {@code koldy.url}. */
    private String user;

    /** Password for {@code koldy.url}. */
    private String password;

    /**
     * More connections, by name, that migrations reach with {@code Db.connection("name")} or
     * their {@code connection()}: each a URL (with user and password) or a DataSource bean's name.
     */
    private Map<String, Connection> connections = new LinkedHashMap<>();

    /**
     * Many tenants, a schema, database or SQLite file each, brought up to date after the shared
     * migrations (each with its own history and lock), {@code parallel} at a time.
     */
    private final Tenants tenants = new Tenants();

    /** Where the tenants are and which they are: {@code url} and one of {@code list}, {@code pattern}, {@code query}. */
    public static class Tenants {
        /**
         * JDBC URL of a tenant, with {tenant} where its name goes (a schema: ...?currentSchema={tenant};
         * a database: jdbc:mysql://host/{tenant}); unset, there are no tenants.
         */
        private String url;
        /** User for the tenants' URL. */
        private String user;
        /** Password for the tenants' URL. */
        private String password;
        /** The tenants by name. */
        private List<String> list;
        /** A LIKE pattern over the server's schemas or databases (or SQLite files) that names the tenants. */
        private String pattern;
        /** SQL whose first column names the tenants. */
        private String query;
        /** The connection koldy.tenants.query and pattern are asked on (a koldy.connections name; default: the migrated database). */
        private String queryConnection;
        /** How many tenants are brought up to date at once, each on connections of its own. */
        private int parallel = 4;
        /** Where the tenants' migrations are: classpath:<folder> (packaged by the build) or filesystem:<directory>. */
        private String location = "classpath:koldy/tenant-migrations";

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUser() {
            return user;
        }

        public void setUser(String user) {
            this.user = user;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public List<String> getList() {
            return list;
        }

        public void setList(List<String> list) {
            this.list = list;
        }

        public String getPattern() {
            return pattern;
        }

        public void setPattern(String pattern) {
            this.pattern = pattern;
        }

        public String getQuery() {
            return query;
        }

        public void setQuery(String query) {
            this.query = query;
        }

        public String getQueryConnection() {
            return queryConnection;
        }

        public void setQueryConnection(String queryConnection) {
            this.queryConnection = queryConnection;
        }

        public int getParallel() {
            return parallel;
        }

        public void setParallel(int parallel) {
            this.parallel = parallel;
        }

        public String getLocation() {
            return location;
        }

        public void setLocation(String location) {
            this.location = location;
        }

        /** Whether tenants are configured at all. */
        public boolean configured() {
            return url != null && !url.isBlank();
        }
    }

    /** A named connection: a URL, or the name of a DataSource bean. */
    public static class Connection {
        /** JDBC URL. */
        private String url;
        /** User for the URL. */
        private String user;
        /** Password for the URL. */
        private String password;
        /** The name of a DataSource bean to use instead of a URL. */
        private String bean;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUser() {
            return user;
        }

        public void setUser(String user) {
            this.user = user;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getBean() {
            return bean;
        }

        public void setBean(String bean) {
            this.bean = bean;
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public OnStartup getOnStartup() {
        return onStartup;
    }

    public void setOnStartup(OnStartup onStartup) {
        this.onStartup = onStartup;
    }

    public boolean isExitAfterMigrate() {
        return exitAfterMigrate;
    }

    public void setExitAfterMigrate(boolean exitAfterMigrate) {
        this.exitAfterMigrate = exitAfterMigrate;
    }

    public String getLocation() {
        return location;
    }

    public void setLocation(String location) {
        this.location = location;
    }

    public String getTable() {
        return table;
    }

    public void setTable(String table) {
        this.table = table;
    }

    public Duration getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public boolean isForce() {
        return force;
    }

    public void setForce(boolean force) {
        this.force = force;
    }

    public Duration getWaitForDatabase() {
        return waitForDatabase;
    }

    public void setWaitForDatabase(Duration waitForDatabase) {
        this.waitForDatabase = waitForDatabase;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public Map<String, Connection> getConnections() {
        return connections;
    }

    public void setConnections(Map<String, Connection> connections) {
        this.connections = connections;
    }

    public Tenants getTenants() {
        return tenants;
    }
}
