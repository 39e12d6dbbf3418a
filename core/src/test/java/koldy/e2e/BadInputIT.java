package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import koldy.testing.Launcher;
import koldy.testing.Launcher.Result;
import koldy.testing.TestDatabase;
import koldy.testing.TestProject;

/**
 * Each kind of bad input gets one clear message naming what is wrong, the right exit code, no
 * stack trace, and leaves the database as it was.
 */
class BadInputIT {

    @TempDir
    Path directory;

    TestProject project;

    @BeforeEach
    void oneExecutedMigration() {
        project = new TestProject(TestDatabase.SQLITE, directory);
        project.javaMigration(1700000100, "CreateA", List.of("CREATE TABLE a_table (id integer)"),
                List.of("DROP TABLE a_table"));
        assertEquals(0, koldy("migrate").exitCode());
        project.javaMigration(1700000200, "CreateB", List.of("CREATE TABLE b_table (id integer)"),
                List.of("DROP TABLE b_table"));
    }

    @AfterEach
    void close() {
        project.close();
    }

    private Result koldy(String... args) {
        return Launcher.run(project.root(), project.environment(), args);
    }

    private void config(String properties) throws Exception {
        project.environment().remove("KOLDY_DEFAULT_URL");
        Files.writeString(project.root().resolve("configs/database.properties"),
                "default.url = " + project.url() + "\n" + properties);
    }

    /** The command fails with this exit code and message, in one short error, and nothing changed. */
    private void assertRefused(int exitCode, String expected, String... args) {
        Result result = koldy(args.length == 0 ? new String[] {"migrate"} : args);
        assertEquals(exitCode, result.exitCode(), result.toString());
        assertTrue(result.err().contains(expected), "expected '" + expected + "' in: " + result);
        assertFalse(result.all().contains("\tat "), "no stack trace without -v: " + result);
        assertTrue(result.err().lines().count() <= 12, "one screen: " + result);
        assertEquals(List.of("1700000100_CreateA"), project.history(), "the history is unchanged");
        assertFalse(project.tableExists("b_table"), "nothing ran");
    }

    @Test
    void aSqlMigrationWithoutDownIsNotRolledBack() {
        project.sqlMigration(1700000150, "NoDown", "-- koldy:up\nCREATE TABLE c_table (id integer);\n");
        Result migrated = koldy("migrate", "--to", "1700000150");
        assertEquals(0, migrated.exitCode(), migrated.toString());

        Result refused = koldy("rollback");
        assertEquals(3, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("Cannot roll back 1700000150_NoDown: its file has no statements after"
                + " '-- koldy:down'"), refused.toString());
        assertEquals(List.of("1700000100_CreateA", "1700000150_NoDown"), project.history(), "still recorded");
        assertTrue(project.tableExists("c_table"));

        project.sqlMigration(1700000150, "NoDown", "-- koldy:up\nCREATE TABLE c_table (id integer);\n"
                + "-- koldy:down empty\n");
        assertEquals(0, koldy("repair").exitCode()); // accepts the edited file
        Result rolledBack = koldy("rollback");
        assertEquals(0, rolledBack.exitCode(), rolledBack.toString());
        assertEquals(List.of("1700000100_CreateA"), project.history());
        assertTrue(project.tableExists("c_table"), "its down is empty on purpose");
    }

    /** Previewing the first migrate works on a SQLite file that is not there yet, and creates nothing. */
    @Test
    void readingCommandsNeverCreateADatabaseOrReadAMissingDirectory() {
        Path typo = project.root().resolve("storage/typo.sqlite");
        project.environment().put("KOLDY_DEFAULT_URL", "jdbc:sqlite:storage/typo.sqlite");
        for (String[] command : List.of(new String[] {"status"}, new String[] {"migrate", "--dry-run"},
                new String[] {"rollback", "--dry-run"})) {
            Result result = koldy(command);
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.err().contains("The SQLite database storage/typo.sqlite of connection 'default' does"
                    + " not exist yet, so every migration is pending; koldy migrate creates it"), result.toString());
            assertFalse(Files.exists(typo), "not created by " + String.join(" ", command));
        }
        Result status = koldy("status");
        assertTrue(status.out().contains("pending"), "every migration shows as pending: " + status);
        Result dryRun = koldy("migrate", "--dry-run");
        assertTrue(dryRun.out().contains("-- Would migrate "), dryRun.toString());
        Result created = koldy("migrate");
        assertEquals(0, created.exitCode(), created.toString());
        assertTrue(created.out().contains("Creating SQLite database storage/typo.sqlite"), created.toString());

        project.environment().put("KOLDY_MIGRATIONS_DIRECTORY", "no/such/dir");
        Result noDirectory = koldy("status");
        assertEquals(2, noDirectory.exitCode(), noDirectory.toString());
        assertTrue(noDirectory.err().contains("Migration directory no/such/dir does not exist"),
                noDirectory.toString());
    }

    @Test
    void missingConfigFile() {
        assertRefused(2, "Configuration file configs/other.properties does not exist", "--config",
                "configs/other.properties", "migrate");
    }

    @Test
    void malformedConfigFile() throws Exception {
        config("default.user = \\u12zz\n");
        assertRefused(2, "configs/database.properties");
    }

    @Test
    void unknownHistoryConnection() throws Exception {
        config("koldy_migration = admin\n");
        assertRefused(2, "key 'koldy_migration' names connection 'admin', which is not in connections");
    }

    @Test
    void unsetVariable() throws Exception {
        config("default.password = ${KOLDY_TEST_UNSET_VARIABLE}\n");
        assertRefused(2, "KOLDY_TEST_UNSET_VARIABLE is not set");
    }

    @Test
    void unsupportedUrl() {
        project.environment().put("KOLDY_DEFAULT_URL", "jdbc:oracle:thin:@db:1521/x");
        assertRefused(2, "is not a supported JDBC URL");
    }

    @Test
    void invalidTableName() {
        project.environment().put("KOLDY_MIGRATIONS_TABLE", "x; DROP TABLE y");
        assertRefused(2, "'x; DROP TABLE y' is not a valid table name");
    }

    @Test
    void twoFilesWithTheSameName() {
        // One timestamp for two migrations is fine (Koldy PHP makes them); one name for two files is not.
        project.sqlMigration(1700000200, "CreateB", "-- koldy:up\nCREATE TABLE c_table (id integer);\n");
        assertRefused(2, "Two migrations are named 1700000200_CreateB: application/migrations/1700000200_CreateB.java"
                + " and application/migrations/1700000200_CreateB.sql.");
    }

    @Test
    void classNameNotMatchingTheFileName() {
        project.write("1700000300_Named.java", "import koldy.Migration;\npublic class Wrong extends Migration {\n"
                + "  public void up() {}\n  public void down() {}\n}\n");
        assertRefused(2, "1700000300_Named.java");
    }

    @Test
    void migrationDirectoryThatDoesNotExist() {
        project.environment().put("KOLDY_MIGRATIONS_DIRECTORY", "db/nowhere");
        assertRefused(2, "Migration directory db/nowhere does not exist");
    }

    @Test
    void fileWithoutTimestampIsIgnoredWithAWarning() {
        project.write("Helper.java", "class Helper {}\n");
        Result result = koldy("migrate");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.err().contains("Warning: Ignoring application/migrations/Helper.java"), result.toString());
        assertTrue(project.tableExists("b_table"));
    }

    @Test
    void javaMigrationThatThrows() {
        project.writeMigration(1700000200, "CreateB", "        throw new IllegalStateException(\"not today\");\n", "");
        assertRefused(1, "IllegalStateException: not today");
    }

    @Test
    void sqlErrorShowsTheStatementAndTheDatabasesMessage() {
        project.javaMigration(1700000200, "CreateB", List.of("CREATE TABEL b_table (id integer)"), List.of());
        Result result = koldy("migrate");
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().contains("in statement: CREATE TABEL b_table (id integer)"), result.toString());
        assertTrue(result.err().contains("syntax error"), result.toString());
        assertFalse(result.all().contains("\tat "), result.toString());
    }

    @Test
    void stackTracesAreForVerbose() {
        project.writeMigration(1700000200, "CreateB", "        throw new IllegalStateException(\"not today\");\n", "");
        Result result = koldy("-v", "migrate");
        assertEquals(1, result.exitCode());
        assertTrue(result.all().contains("\tat "), "-v shows the stack trace: " + result);
    }

    /** Wrong credentials: exit 2, the host named, the password never shown, not even with -v. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MYSQL"})
    void wrongPasswordIsNeverPrinted(TestDatabase database) throws Exception {
        String server = database.serverUrl();
        String base = server.replaceAll("[?&](user|password)=[^&]*", "");
        // PostgreSQL here trusts local connections whatever the password, so ask for a role that
        // does not exist; MariaDB's root gets a password it does not have.
        String user = database == TestDatabase.POSTGRES ? "koldy_no_such_role" : "root";
        String url = base + (base.contains("?") ? "&" : "?") + "user=" + user + "&password=WrongPassword77";
        Path root = Files.createDirectories(directory.resolve("wrong"));
        Files.createDirectories(root.resolve("application/migrations"));
        Map<String, String> env = new HashMap<>(Map.of("KOLDY_DEFAULT_URL", url));
        for (String[] args : List.of(new String[] {"migrate"}, new String[] {"-v", "migrate"},
                new String[] {"-v", "status"})) {
            Result result = Launcher.run(root, env, args);
            assertEquals(2, result.exitCode(), result.toString());
            assertTrue(result.err().contains("Cannot connect to database connection 'default'"), result.toString());
            assertTrue(result.err().contains("127.0.0.1"), result.toString());
            assertFalse(result.all().contains("WrongPassword77"), result.toString());
        }
        env.put("KOLDY_DEFAULT_URL", base + (base.contains("?") ? "&" : "?") + "user=" + user);
        env.put("KOLDY_DEFAULT_PASSWORD", "WrongPassword77");
        Result viaKey = Launcher.run(root, env, "-v", "migrate");
        assertEquals(2, viaKey.exitCode(), viaKey.toString());
        assertFalse(viaKey.all().contains("WrongPassword77"), viaKey.toString());
    }

    /** MySQL's multi-factor passwords (password1, password2) are secrets like password, in every output. */
    @Test
    void multiFactorPasswordsAreNeverPrinted() throws Exception {
        String server = TestDatabase.MYSQL.serverUrl();
        String url = server + (server.contains("?") ? "&" : "?") + "password1=FirstFactor77&password2=SecondFactor77";
        Path root = Files.createDirectories(directory.resolve("mfa"));
        Files.createDirectories(root.resolve("application/migrations"));
        for (String[] args : List.of(new String[] {"migrate"}, new String[] {"-v", "migrate"},
                new String[] {"status", "--json"}, new String[] {"-v", "status"})) {
            Result result = Launcher.run(root, Map.of("KOLDY_DEFAULT_URL", url), args);
            assertFalse(result.all().contains("FirstFactor77") || result.all().contains("SecondFactor77"),
                    result.toString());
            assertTrue(result.exitCode() == 0 || result.exitCode() == 2, result.toString());
        }
    }

    /** After a switch with KOLDY_* variables, every run says which database it works on, without its password. */
    @Test
    void eachRunSaysWhichDatabaseItWorksOn() throws Exception {
        String server = TestDatabase.POSTGRES.serverUrl();
        String url = server + (server.contains("?") ? "&" : "?") + "password=NotNeeded42";
        Path root = Files.createDirectories(directory.resolve("which-database"));
        Files.createDirectories(root.resolve("application/migrations"));
        for (String command : List.of("migrate", "status")) {
            Result result = Launcher.run(root, Map.of("KOLDY_DEFAULT_URL", url), command);
            assertEquals(0, result.exitCode(), result.toString());
            List<String> said = result.out().lines().filter(line -> line.startsWith("Database: ")).toList();
            assertEquals(1, said.size(), result.toString());
            assertTrue(said.get(0).matches("Database: jdbc:postgresql://\\S+ \\(PostgreSQL \\d+.*\\)"), said.get(0));
            assertFalse(result.all().contains("NotNeeded42"), result.toString());
        }
    }

    /** A host that does not resolve is called that, and the password in its URL stays hidden. */
    @Test
    void anUnknownHostIsCalledThat() throws Exception {
        Path root = Files.createDirectories(directory.resolve("unknown-host"));
        Files.createDirectories(root.resolve("application/migrations"));
        Result result = Launcher.run(root, Map.of("KOLDY_DEFAULT_URL",
                "jdbc:postgresql://db.invalid:5432/app?user=app&password=HiddenPw5x"), "migrate");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("unknown host db.invalid"), result.toString());
        assertFalse(result.all().contains("HiddenPw5x"), result.toString());
        // the driver reads user-info as part of the host name: still no password shown
        Result userInfo = Launcher.run(root, Map.of("KOLDY_DEFAULT_URL",
                "jdbc:postgresql://postgres:HiddenPw5x@db.invalid:5432/app"), "-v", "migrate");
        assertEquals(2, userInfo.exitCode(), userInfo.toString());
        assertFalse(userInfo.all().contains("HiddenPw5x"), userInfo.toString());
    }

    /** --root naming no directory says so, instead of complaining about a connection without a URL. */
    @Test
    void aProjectRootThatDoesNotExistIsNamed() throws Exception {
        Result result = Launcher.run(directory, Map.of(), "--root", directory.resolve("nope").toString(), "status");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("Project root " + directory.resolve("nope") + " does not exist."),
                result.toString());
    }
}
