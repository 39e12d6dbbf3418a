package koldy.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import koldy.config.Config;
import koldy.config.ConfigLoader;
import koldy.db.Connections;
import koldy.load.DirectoryMigrations;
import koldy.load.JavaMigrationCompiler;
import koldy.migrate.Migrator;

/**
 * A koldy project in a temporary directory, on an empty database of one kind: write migration
 * files, run the migrator in-process, and look at the database directly over JDBC.
 */
public final class TestProject implements AutoCloseable {

    private final Path root;
    private final TestDatabase database;
    private final TestDatabase.Fresh fresh;
    private final String url;
    private final Map<String, String> environment = new HashMap<>();
    private final List<Connections> opened = new ArrayList<>();
    private Migrator migrator;
    private Map<String, String> migratorSettings;
    private Duration migratorLockTimeout;

    public TestProject(TestDatabase database, Path root) {
        this(root, database, database.fresh(root), null);
    }

    /** A project on a database the caller made (and drops): a cluster node, a pooler. */
    public static TestProject at(Path root, String url) {
        return new TestProject(root, null, null, url);
    }

    private TestProject(Path root, TestDatabase database, TestDatabase.Fresh fresh, String url) {
        this.root = root;
        this.database = database;
        this.fresh = fresh;
        this.url = fresh == null ? url : fresh.url();
        environment.put("KOLDY_DEFAULT_URL", this.url);
        try {
            Files.createDirectories(root.resolve("application/migrations"));
            Files.createDirectories(root.resolve("configs"));
            Files.writeString(root.resolve("configs/database.properties"), "connections = default\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path root() {
        return root;
    }

    public String url() {
        return url;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Path migrationsDirectory() {
        return root.resolve("application/migrations");
    }

    /** Writes a Java migration whose up() and down() run the given statements in order. */
    public Path javaMigration(long timestamp, String name, List<String> up, List<String> down) {
        return writeMigration(timestamp, name, body(up), body(down));
    }

    public Path writeMigration(long timestamp, String name, String upBody, String downBody) {
        return write(timestamp + "_" + name + ".java", javaSource(timestamp, name, upBody, downBody));
    }

    /** The source of a Java migration {@code <timestamp>_<name>.java} with these up() and down() bodies. */
    public static String javaSource(long timestamp, String name, String upBody, String downBody) {
        return "import koldy.Db;\nimport koldy.Migration;\n\npublic class Migration_" + timestamp + "_" + name
                + " extends Migration {\n"
                + "    @Override public void up() throws Exception {\n" + upBody + "    }\n"
                + "    @Override public void down() throws Exception {\n" + downBody + "    }\n}\n";
    }

    public Path sqlMigration(long timestamp, String name, String content) {
        return write(timestamp + "_" + name + ".sql", content);
    }

    /** Every table of this test's database, sorted. */
    public List<String> tables() {
        List<String> tables = new ArrayList<>();
        try (Connection c = connect();
             ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        tables.sort(null);
        return tables;
    }

    /** The history's every column of every row, both tables, for before/after comparisons. */
    public List<String> historyDump() {
        List<String> dump = new ArrayList<>();
        if (tableExists("koldy_migration")) {
            dump.addAll(strings("SELECT " + concat("id", "script", "script_timestamp", "script_executed_at",
                    "script_execution_duration", "script_checksum") + " FROM koldy_migration ORDER BY id"));
        }
        if (tableExists("koldy_migration_run")) {
            dump.addAll(strings("SELECT " + concat("'run'", "id", "script", "script_timestamp", "script_executed_at",
                    "script_execution_duration", "script_checksum", "script_status", "script_error")
                    + " FROM koldy_migration_run ORDER BY script"));
        }
        return dump;
    }

    /** The columns as one text, '|' between them, a null as empty, in this database's SQL. */
    private String concat(String... columns) {
        List<String> texts = new ArrayList<>();
        for (String column : columns) {
            texts.add("coalesce(" + (isMySql() ? column : "cast(" + column + " as text)") + ", '')");
        }
        return isMySql() ? "concat_ws('|', " + String.join(", ", texts) + ")" : String.join(" || '|' || ", texts);
    }

    public Path write(String fileName, String content) {
        Path file = migrationsDirectory().resolve(fileName);
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    private static String body(List<String> statements) {
        StringBuilder b = new StringBuilder();
        for (String sql : statements) {
            b.append("        Db.query(\"").append(sql.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\").exec();\n");
        }
        return b.toString();
    }

    public Config config() {
        return new ConfigLoader(environment).load(root, null);
    }

    /** A migrator with a short lock timeout; its connections close with the project. */
    public Migrator migrator() {
        return migrator(Duration.ofSeconds(5));
    }

    /**
     * A migrator for the project as configured now: the same one (and its pool) while the
     * environment and the timeout stay as they were, a new one after either changed.
     */
    public Migrator migrator(Duration lockTimeout) {
        Map<String, String> settings = new HashMap<>(environment);
        if (migrator != null && settings.equals(migratorSettings) && lockTimeout.equals(migratorLockTimeout)) {
            return migrator;
        }
        Config config = config();
        Connections connections = new Connections(config.connections());
        opened.add(connections);
        migrator = new Migrator(config, connections, new DirectoryMigrations(config.migrationsDirectory(), root,
                new JavaMigrationCompiler(root, root.resolve("cache"))), lockTimeout);
        migratorSettings = settings;
        migratorLockTimeout = lockTimeout;
        return migrator;
    }

    /** The scripts recorded as executed in the history table, in execution order. */
    public List<String> history() {
        return strings("SELECT script FROM koldy_migration ORDER BY id");
    }

    /**
     * The scripts with a record of a run that did not complete, e.g. "1700000200_Broken=failed":
     * as koldy reads it, a started-row beside its executed row (a completed migration whose run
     * was killed before it deleted its started-rows) is not one.
     */
    public List<String> failures() {
        if (!tableExists("koldy_migration_run")) {
            return List.of();
        }
        return strings("SELECT " + (isMySql() ? "concat(script, '=', script_status)" : "script || '=' || script_status")
                + " FROM koldy_migration_run WHERE script NOT IN (SELECT script FROM koldy_migration) ORDER BY script");
    }

    /**
     * Ends the session that holds koldy's run lock on this database, as an operator's KILL or
     * pg_terminate_backend would (PostgreSQL and MySQL).
     */
    public void killRunLockSession() {
        if (isMySql()) {
            List<String> holder = strings("SELECT is_used_lock(concat('koldy_', left(sha1(concat(database(), '.',"
                    + " 'koldy_migration')), 40)))");
            org.junit.jupiter.api.Assertions.assertNotNull(holder.get(0), "a run holds the lock");
            execute("KILL " + holder.get(0));
        } else {
            org.junit.jupiter.api.Assertions.assertEquals(List.of("t"), strings("SELECT bool_or(pg_terminate_backend(l.pid))"
                    + " FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted"
                    + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"),
                    "a run holds the lock");
        }
    }

    public boolean isMySql() {
        return url.startsWith("jdbc:mysql:");
    }

    public List<String> strings(String sql) {
        List<String> values = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1) == null ? null : rs.getString(1).trim());
            }
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
        return values;
    }

    public void execute(String... sql) {
        TestDatabase.execute(url, sql);
    }

    /** Whether a table exists, asked of the JDBC catalogue (never a failing query). */
    public boolean tableExists(String table) {
        try (Connection c = connect()) {
            String schema = c.getSchema();
            try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), schema, table, new String[] {"TABLE"})) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    public void close() {
        opened.forEach(Connections::close);
        opened.clear();
        if (database != null) {
            database.drop(fresh);
        }
    }
}
