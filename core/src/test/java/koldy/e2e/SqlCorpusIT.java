package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import koldy.MigrateOptions;
import koldy.Applied;
import koldy.testing.JdbcUrl;
import koldy.testing.Projects;
import koldy.testing.TestDatabase;
import koldy.testing.TestProject;

/**
 * SQL loads as the database's own client loads it. Each database's hand-written schema
 * ({@code src/test/resources/corpus}) is loaded by the native client (psql, mariadb, sqlite3) and
 * by koldy into two empty databases, as is, as a BOM + CRLF copy, and as the output of the
 * database's own dump tool (pg_dump, mariadb-dump, sqlite3 .dump) run on what the client loaded;
 * the two catalogues (tables, columns, indexes, views, routines, triggers, rows) must be equal.
 */
class SqlCorpusIT {

    @TempDir
    Path directory;

    @RegisterExtension
    final Projects projects = new Projects();

    @Test
    void postgresSchemaAndPgDumpOutputLoadAsPsqlLoadsThem() throws Exception {
        Server server = server(TestDatabase.POSTGRES);
        String schema = corpus("postgres.sql");
        String source = server.freshDatabase();
        server.load(source, schema);
        Map<String, String> inputs = new java.util.TreeMap<>(Map.of(
                "schema", schema,
                "schema with BOM and CRLF", bomAndCrlf(schema),
                "pg_dump --inserts", server.dump(source, "--inserts"),
                "pg_dump -s", server.dump(source, "-s")));
        assertSameAsTheClient(server, inputs, "");
    }

    @Test
    void mysqlSchemaAndMariadbDumpOutputLoadAsTheMysqlClientLoadsThem() throws Exception {
        Server server = server(TestDatabase.MYSQL);
        String schema = corpus("mysql.sql");
        String source = server.freshDatabase();
        server.load(source, schema);
        Map<String, String> inputs = new java.util.TreeMap<>(Map.of(
                "schema", schema,
                "schema with BOM and CRLF", bomAndCrlf(schema),
                "mariadb-dump --routines --triggers", server.dump(source, "--routines", "--triggers"),
                "mariadb-dump --no-data --routines --triggers", server.dump(source, "--no-data", "--routines",
                        "--triggers")));
        assertSameAsTheClient(server, inputs, "");
    }

    @Test
    void sqliteSchemaAndDotDumpOutputLoadAsSqlite3LoadsThem() throws Exception {
        Server server = server(TestDatabase.SQLITE);
        String schema = corpus("sqlite.sql");
        String source = server.freshDatabase();
        server.load(source, schema);
        // .dump wraps everything in its own BEGIN TRANSACTION ... COMMIT, so it runs outside koldy's.
        assertSameAsTheClient(server, Map.of("schema", schema, "schema with BOM and CRLF", bomAndCrlf(schema)), "");
        assertSameAsTheClient(server, Map.of("sqlite3 .dump", server.dump(source, ".dump")),
                "-- koldy:no-transaction\n");
    }

    private void assertSameAsTheClient(Server server, Map<String, String> inputs, String header) throws Exception {
        for (Map.Entry<String, String> input : inputs.entrySet()) {
            String sql = input.getValue();
            String byClient = server.freshDatabase();
            server.load(byClient, sql);
            String byKoldy = server.freshDatabase();
            Path root = Files.createDirectories(directory.resolve("koldy-" + byKoldy));
            try (TestProject project = TestProject.at(root, server.jdbcUrl(byKoldy))) {
                boolean bom = sql.startsWith("\uFEFF");
                String body = bom ? sql.substring(1) : sql;
                String newline = body.contains("\r\n") ? "\r\n" : "\n";
                project.write("1700000100_Load.sql", (bom ? "\uFEFF" : "")
                        + (header + "-- koldy:up\n").replace("\n", newline) + body + newline
                        + "-- koldy:down empty" + newline);
                List<Applied> applied = project.migrator().migrate(MigrateOptions.defaults());
                assertEquals(1, applied.size(), input.getKey());
                assertEquals(List.of("1700000100_Load"), project.history(), input.getKey());
            }
            List<String> expected = server.catalogue(byClient);
            List<String> actual = server.catalogue(byKoldy);
            assertTrue(expected.size() > 20, input.getKey() + ": too little to compare: " + expected);
            List<String> missing = new ArrayList<>(expected);
            missing.removeAll(actual);
            List<String> extra = new ArrayList<>(actual);
            extra.removeAll(expected);
            assertEquals(expected, actual, input.getKey() + ": koldy loaded something else than " + server.client
                    + "\nonly in " + server.client + "'s:\n" + String.join("\n", missing) + "\nonly in koldy's:\n"
                    + String.join("\n", extra) + "\n");
        }
    }

    private static String corpus(String name) throws IOException {
        try (InputStream in = SqlCorpusIT.class.getResourceAsStream("/corpus/" + name)) {
            assertTrue(in != null, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String bomAndCrlf(String sql) {
        return "\uFEFF" + sql.replace("\n", "\r\n");
    }

    private Server server(TestDatabase kind) {
        return switch (kind) {
            case POSTGRES -> new Server(kind, tool("psql"), kind.serverUrl());
            case MYSQL -> new Server(kind, tool("mariadb", "mysql"), kind.serverUrl());
            default -> new Server(kind, tool("sqlite3"), null);
        };
    }

    /** One database server, reached both by JDBC and by its own command-line client. */
    private final class Server {
        final TestDatabase kind;
        final String client;
        final String host;
        final String port;
        final String user;
        final String password;
        final String serverUrl;

        private Server(TestDatabase kind, String client, String serverUrl) {
            this.kind = kind;
            this.client = client;
            this.serverUrl = serverUrl;
            if (serverUrl == null) {
                host = port = user = password = null;
                return;
            }
            JdbcUrl url = JdbcUrl.parse(serverUrl);
            host = url.host();
            port = url.port();
            user = url.parameter("user");
            password = url.parameter("password");
        }

        /** A new, empty database; dropped after the test. */
        String freshDatabase() {
            String name = "koldy_corpus_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            switch (kind) {
                case POSTGRES -> {
                    TestDatabase.execute(serverUrl, "CREATE DATABASE " + name);
                    projects.afterTest(() -> TestDatabase.execute(serverUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
                }
                case MYSQL -> {
                    TestDatabase.execute(serverUrl, "CREATE DATABASE " + name);
                    projects.afterTest(() -> TestDatabase.execute(serverUrl, "DROP DATABASE IF EXISTS " + name));
                }
                default -> {
                }
            }
            return name;
        }

        String jdbcUrl(String database) {
            if (kind == TestDatabase.SQLITE) {
                return "jdbc:sqlite:" + directory.resolve(database + ".sqlite");
            }
            return JdbcUrl.parse(serverUrl).withDatabase(database).toString();
        }

        /** Loads SQL with the database's own client, as a user would, stopping at the first error. */
        void load(String database, String sql) throws IOException, InterruptedException {
            Path file = Files.createTempFile(directory, "input", ".sql");
            Files.writeString(file, sql, StandardCharsets.UTF_8);
            List<String> command = switch (kind) {
                case POSTGRES -> List.of(client, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port(), "-U", user,
                        "-d", database, "-f", file.toString());
                case MYSQL -> List.of(client, "-h", host, "-P", port(), "-u", user, database);
                default -> List.of(client, "-bail", directory.resolve(database + ".sqlite").toString());
            };
            run(command, kind == TestDatabase.POSTGRES ? null : file);
        }

        /** The dump tool's output for a database. */
        String dump(String database, String... options) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            switch (kind) {
                case POSTGRES -> {
                    command.addAll(List.of(tool("pg_dump"), "-h", host, "-p", port(), "-U", user));
                    command.addAll(List.of(options));
                    command.add(database);
                }
                case MYSQL -> {
                    command.addAll(List.of(tool("mariadb-dump", "mysqldump"), "-h", host, "-P", port(), "-u", user));
                    command.addAll(List.of(options));
                    command.add(database);
                }
                default -> command.addAll(List.of(client, directory.resolve(database + ".sqlite").toString(), options[0]));
            }
            String output = run(command, null);
            assertFalse(output.isBlank(), String.join(" ", command));
            return output;
        }

        private String port() {
            return port != null ? port : kind == TestDatabase.POSTGRES ? "5432" : "3306";
        }

        private String run(List<String> command, Path stdin) throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
            if (password != null) {
                builder.environment().put(kind == TestDatabase.POSTGRES ? "PGPASSWORD" : "MYSQL_PWD", password);
            }
            if (stdin != null) {
                builder.redirectInput(stdin.toFile());
            }
            Path errors = Files.createTempFile(directory, "stderr", ".txt");
            builder.redirectError(errors.toFile());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(command.get(0) + " did not finish");
            }
            if (process.exitValue() != 0) {
                fail(command.get(0) + " failed (" + process.exitValue() + "): " + Files.readString(errors));
            }
            return output;
        }

        /** What the database holds, as sorted lines, leaving out koldy's own table. */
        List<String> catalogue(String database) throws SQLException {
            List<String> lines = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(jdbcUrl(database)); Statement s = c.createStatement()) {
                List<String> queries = switch (kind) {
                    case POSTGRES -> List.of(
                            "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' '"
                                    + " || coalesce(domain_name, '') || ' ' || coalesce(column_default, '') || ' ' || is_nullable"
                                    + " FROM information_schema.columns WHERE table_schema = 'public'",
                            "SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'",
                            "SELECT 'view ' || viewname || ' ' || definition FROM pg_views WHERE schemaname = 'public'",
                            "SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                                    + " WHERE connamespace = 'public'::regnamespace",
                            "SELECT 'routine ' || pg_get_functiondef(oid) FROM pg_proc"
                                    + " WHERE pronamespace = 'public'::regnamespace AND prokind IN ('f', 'p')",
                            "SELECT 'aggregate ' || proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace"
                                    + " AND prokind = 'a'",
                            "SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                                    + " WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal",
                            "SELECT 'rule ' || definition FROM pg_rules WHERE schemaname = 'public'",
                            "SELECT 'type ' || typname || ' ' || typtype::text FROM pg_type WHERE typnamespace = 'public'::regnamespace"
                                    + " AND typtype IN ('d', 'e')",
                            "SELECT 'comment ' || obj_description(oid, 'pg_class') FROM pg_class"
                                    + " WHERE relnamespace = 'public'::regnamespace AND obj_description(oid, 'pg_class') IS NOT NULL",
                            "SELECT 'sequence ' || sequencename || ' ' || coalesce(last_value, 0) FROM pg_sequences"
                                    + " WHERE schemaname = 'public'");
                    case MYSQL -> List.of(
                            "SELECT concat_ws(' ', 'column', table_name, column_name, column_type, column_default, is_nullable,"
                                    + " extra) FROM information_schema.columns WHERE table_schema = database()",
                            "SELECT concat_ws(' ', 'index', table_name, index_name, seq_in_index, column_name, non_unique)"
                                    + " FROM information_schema.statistics WHERE table_schema = database()",
                            "SELECT concat_ws(' ', 'constraint', constraint_name, table_name, referenced_table_name,"
                                    + " delete_rule) FROM information_schema.referential_constraints"
                                    + " WHERE constraint_schema = database()",
                            "SELECT concat_ws(' ', 'view', table_name, replace(view_definition, database(), 'DB'))"
                                    + " FROM information_schema.views WHERE table_schema = database()",
                            "SELECT concat_ws(' ', 'routine', routine_type, routine_name, dtd_identifier, routine_definition)"
                                    + " FROM information_schema.routines WHERE routine_schema = database()",
                            "SELECT concat_ws(' ', 'trigger', trigger_name, action_timing, event_manipulation,"
                                    + " event_object_table, action_statement) FROM information_schema.triggers"
                                    + " WHERE trigger_schema = database()");
                    default -> List.of("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master"
                            + " WHERE tbl_name NOT IN ('koldy_migration', 'sqlite_sequence')",
                            "SELECT 'sequence ' || name || ' ' || seq FROM sqlite_sequence WHERE name <> 'koldy_migration'");
                };
                for (String query : queries) {
                    try (ResultSet rows = s.executeQuery(query)) {
                        while (rows.next()) {
                            String line = rows.getString(1);
                            if (line != null && !line.contains("koldy_migration")) {
                                lines.add(line);
                            }
                        }
                    } catch (SQLException e) {
                        if (!(kind == TestDatabase.SQLITE && e.getMessage().contains("no such table: sqlite_sequence"))) {
                            throw e;
                        }
                    }
                }
                for (String table : tables(c)) {
                    try (ResultSet rows = s.executeQuery("SELECT * FROM " + table)) {
                        List<String> values = new ArrayList<>();
                        int columns = rows.getMetaData().getColumnCount();
                        while (rows.next()) {
                            StringBuilder row = new StringBuilder("row " + table);
                            for (int i = 1; i <= columns; i++) {
                                row.append(" | ").append(rows.getString(i));
                            }
                            values.add(row.toString());
                        }
                        lines.addAll(values);
                    }
                }
            }
            lines.sort(null);
            return lines;
        }

        private List<String> tables(Connection c) throws SQLException {
            List<String> tables = new ArrayList<>();
            String sql = switch (kind) {
                case POSTGRES -> "SELECT tablename FROM pg_tables WHERE schemaname = 'public'";
                case MYSQL -> "SELECT table_name FROM information_schema.tables WHERE table_schema = database()"
                        + " AND table_type = 'BASE TABLE'";
                default -> "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            };
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
                while (rows.next()) {
                    if (!rows.getString(1).startsWith("koldy_migration")) {
                        tables.add(rows.getString(1));
                    }
                }
            }
            return tables;
        }
    }

    /** The first of these programs on the PATH; a skip, or a failure in CI, when there is none. */
    private static String tool(String... names) {
        for (String name : names) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return name;
                }
            }
        }
        String message = "this test compares koldy with the database's own client: install " + names[0];
        if ("1".equals(System.getenv("KOLDY_TEST_REQUIRE_ALL"))) {
            fail(message + " (KOLDY_TEST_REQUIRE_ALL=1 forbids skipping)");
        }
        Assumptions.abort(message);
        throw new UncheckedIOException(new IOException(message));
    }
}
