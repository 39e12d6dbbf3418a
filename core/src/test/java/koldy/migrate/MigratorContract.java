package koldy.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import koldy.Applied;
import koldy.KoldyException;
import koldy.MigrateOptions;
import koldy.MigrationFile;
import koldy.MigrationState;
import koldy.MigrationStatus;
import koldy.RollbackOptions;
import koldy.Status;
import koldy.db.Connections;
import koldy.dialect.Dialects;
import koldy.lock.RunLock;
import koldy.testing.KoldyPhpView;
import koldy.testing.TestDatabase;
import koldy.testing.TestProject;

/**
 * The behaviour every database must show. Each database runs this whole suite through a subclass
 * that only says which database it is.
 */
abstract class MigratorContract {

    @TempDir
    Path directory;

    TestProject project;

    abstract TestDatabase database();

    @BeforeEach
    void createProject() {
        project = new TestProject(database(), directory);
    }

    /**
     * Whatever a test did, Koldy PHP, reading the same table by its own rules, agrees with koldy on
     * what is executed (a test that damaged the history on purpose has no status to compare).
     */
    @AfterEach
    void koldyPhpAgreesAndCloseProject() {
        if (project == null) {
            return;
        }
        try {
            Status status;
            try {
                status = project.migrator().status();
            } catch (KoldyException damagedOnPurpose) {
                status = null;
            }
            if (status != null) {
                new KoldyPhpView(project).assertAgreesWith(status);
            }
        } finally {
            project.close();
        }
    }

    /** The capability the runner decides by: whether DDL rolls back with its transaction here. */
    boolean transactionalDdl() {
        return Dialects.forUrl(project.url()).transactionalDdl();
    }

    void createTable(long timestamp, String table) {
        project.javaMigration(timestamp, "Create" + capitalised(table),
                List.of("CREATE TABLE " + table + " (id integer NOT NULL PRIMARY KEY)"),
                List.of("DROP TABLE " + table));
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    @Test
    void migrateRunsPendingInTimestampOrderAndRecordsThem() {
        createTable(1700000200, "b_table");
        createTable(1700000100, "a_table");
        List<Applied> applied = project.migrator().migrate(MigrateOptions.defaults());

        assertEquals(List.of("1700000100_CreateA_table", "1700000200_CreateB_table"),
                applied.stream().map(Applied::script).toList());
        assertEquals(List.of("1700000100_CreateA_table", "1700000200_CreateB_table"), project.history());
        assertTrue(project.tableExists("a_table") && project.tableExists("b_table"));
        List<String> checksums = project.strings("SELECT script_checksum FROM koldy_migration ORDER BY id");
        assertTrue(checksums.stream().allMatch(c -> c != null && c.matches("[0-9a-f]{64}")), checksums.toString());
        assertEquals(List.of("1700000100", "1700000200"),
                project.strings("SELECT script_timestamp FROM koldy_migration ORDER BY id"));
    }

    @Test
    void secondMigrateRunsNothingAndCompilesNothing() {
        createTable(1700000100, "a_table");
        project.migrator().migrate(MigrateOptions.defaults());
        Path cache = directory.resolve("cache");
        long entries = countEntries(cache);

        assertEquals(List.of(), project.migrator().migrate(MigrateOptions.defaults()));
        assertEquals(entries, countEntries(cache), "the second run must reuse the compile cache");
        assertEquals(List.of("1700000100_CreateA_table"), project.history());
    }

    @Test
    void upToDateMigrateCompilesNothingEvenWithoutACache() throws Exception {
        createTable(1700000100, "a_table");
        project.migrator().migrate(MigrateOptions.defaults());
        Path cache = directory.resolve("cache");
        try (var paths = Files.walk(cache)) { // as after a koldy upgrade, whose cache keys are new
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }

        assertEquals(List.of(), project.migrator().migrate(MigrateOptions.defaults()));
        assertFalse(Files.exists(cache), "nothing runs, so nothing is compiled");
    }

    private static long countEntries(Path cache) {
        try (var s = Files.list(cache)) {
            return s.count();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void outOfOrderMigrationIsRefusedThenRunWithForce() {
        createTable(1700000100, "a_table");
        createTable(1700000300, "c_table");
        project.migrator().migrate(MigrateOptions.defaults());
        createTable(1700000200, "b_table"); // merged from a branch, older than c

        KoldyException refused = assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults()));
        assertEquals(KoldyException.Reason.OUT_OF_ORDER, refused.reason());
        assertEquals(KoldyException.REFUSED, refused.exitCode());
        assertTrue(refused.getMessage().contains("1700000200_CreateB_table"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--force"), refused.getMessage());
        assertFalse(project.tableExists("b_table"), "a refused run runs nothing");

        Status status = project.migrator().status();
        assertEquals(MigrationState.OUT_OF_ORDER, status.migrations().get(1).state());

        project.migrator().migrate(MigrateOptions.defaults().withForce());
        assertTrue(project.tableExists("b_table"));
        assertEquals(List.of("1700000100_CreateA_table", "1700000300_CreateC_table", "1700000200_CreateB_table"),
                project.history());
    }

    @Test
    void rollbackFollowsExecutionOrderNotTimestamps() {
        createTable(1700000100, "a_table");
        createTable(1700000300, "c_table");
        project.migrator().migrate(MigrateOptions.defaults());
        createTable(1700000200, "b_table");
        project.migrator().migrate(MigrateOptions.defaults().withForce());

        List<Applied> reverted = project.migrator().rollback(RollbackOptions.steps(2));

        assertEquals(List.of("1700000200_CreateB_table", "1700000300_CreateC_table"),
                reverted.stream().map(Applied::script).toList());
        assertEquals(List.of("1700000100_CreateA_table"), project.history());
        assertFalse(project.tableExists("b_table"));
        assertFalse(project.tableExists("c_table"));
        assertTrue(project.tableExists("a_table"));
    }

    @Test
    void rollbackOfMoreThanExecutedRevertsEverything() {
        createTable(1700000100, "a_table");
        createTable(1700000200, "b_table");
        createTable(1700000300, "c_table");
        project.migrator().migrate(MigrateOptions.defaults());

        assertEquals(3, project.migrator().rollback(RollbackOptions.steps(5)).size());
        assertEquals(List.of(), project.history());
        assertFalse(project.tableExists("a_table"));
        assertEquals(List.of(), project.migrator().rollback(RollbackOptions.steps(1)), "nothing left to roll back");
    }

    @Test
    void rollbackRejectsZeroSteps() {
        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().rollback(RollbackOptions.steps(0)));
        assertEquals(KoldyException.USAGE_OR_CONFIG, e.exitCode());
    }

    @Test
    void failingMigrationStopsTheRunAndIsNotRecorded() {
        createTable(1700000100, "a_table");
        project.javaMigration(1700000200, "Broken",
                List.of("CREATE TABLE half_done (id integer)", "INSERT INTO no_such_table VALUES (1)"),
                List.of("DROP TABLE half_done"));
        createTable(1700000300, "c_table");

        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults()));

        assertEquals(KoldyException.MIGRATION_FAILED, e.exitCode());
        assertEquals(KoldyException.Reason.MIGRATION_FAILED, e.reason());
        assertEquals(List.of("1700000100_CreateA_table"), e.applied(), "the failure says what the run applied before it");
        assertTrue(e.getMessage().contains("1700000200_Broken"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("no_such_table"), e.getMessage());
        assertTrue(e.getMessage().contains("INSERT INTO no_such_table VALUES (1)"), "names the statement");
        assertEquals(List.of("1700000100_CreateA_table"), project.history(), "before it stays, it is not recorded");
        assertFalse(project.tableExists("c_table"), "the run stops at the failure");
        if (!transactionalDdl()) {
            assertTrue(project.tableExists("half_done"), "MySQL commits DDL implicitly; the message says so");
            assertTrue(e.getMessage().contains("commits DDL"), e.getMessage());
            assertEquals(List.of("1700000200_Broken=failed"), project.failures());
            KoldyPhpView.assertAgree(project); // the failed migration is pending to Koldy PHP, not executed
            assertFailedRecordBlocksUntilRepaired("1700000200_Broken", "no_such_table");
            project.execute("DROP TABLE half_done"); // the user undoes the half-applied migration
            project.migrator().repair();
            assertEquals(List.of(), project.failures());
            assertEquals(MigrationState.PENDING, project.migrator().status().migrations().get(1).state());
        } else {
            assertFalse(project.tableExists("half_done"), "DDL is rolled back with the migration");
            assertEquals(List.of(), project.failures(), "an atomic run needs no failure record");
        }
    }

    /** status shows the failure; migrate and rollback refuse with exit 3 and run nothing. */
    private void assertFailedRecordBlocksUntilRepaired(String script, String errorFragment) {
        MigrationStatus failed = project.migrator().status().in(MigrationState.FAILED).get(0);
        assertEquals(script, failed.script());
        assertTrue(failed.row().failureDescription().toLowerCase(Locale.ROOT).contains(errorFragment),
                failed.row().failureDescription());
        List<String> executed = project.history();
        for (Runnable run : List.<Runnable>of(() -> project.migrator().migrate(MigrateOptions.defaults()),
                () -> project.migrator().migrate(MigrateOptions.defaults().withForce()), () -> project.migrator().rollback(RollbackOptions.steps(1)))) {
            KoldyException refused = assertThrows(KoldyException.class, run::run);
            assertEquals(KoldyException.Reason.PREVIOUS_RUN_FAILED, refused.reason());
            assertEquals(KoldyException.REFUSED, refused.exitCode());
            assertTrue(refused.getMessage().contains(script) && refused.getMessage().contains("repair"),
                    refused.getMessage());
        }
        assertEquals(executed, project.history(), "refused runs change nothing");
    }

    @Test
    void failedRollbackIsRecordedWhereItCannotBeAtomic() {
        project.javaMigration(1700000100, "Pair", List.of("CREATE TABLE pair_a (id integer)",
                "CREATE TABLE pair_b (id integer)"), List.of("DROP TABLE pair_b", "DROP TABLE no_such_table"));
        project.migrator().migrate(MigrateOptions.defaults());
        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().rollback(RollbackOptions.steps(1)));
        assertEquals(KoldyException.MIGRATION_FAILED, e.exitCode());
        if (!transactionalDdl()) {
            assertEquals(List.of("1700000100_Pair=revert-failed"), project.failures());
            KoldyPhpView.assertAgree(project); // half reverted: Koldy PHP must not roll it back again
            assertEquals(List.of(), project.history());
            assertFailedRecordBlocksUntilRepaired("1700000100_Pair", "no_such_table");
            project.execute("CREATE TABLE pair_b (id integer)"); // the user restores what the rollback dropped
            String id = project.strings("SELECT id FROM koldy_migration_run").get(0);
            project.migrator().repair();
            assertEquals(List.of("1700000100_Pair"), project.history(), "executed again after repair");
            assertEquals(List.of(id), project.strings("SELECT id FROM koldy_migration"), "in its old place");
        } else {
            assertTrue(project.tableExists("pair_b"), "the rollback's DDL was rolled back");
            assertEquals(List.of("1700000100_Pair"), project.history());
        }
    }

    @Test
    void aFailedRollbackThatCommittedNothingLeavesNoFailureRecord() {
        // Only data changes in down(): its transaction undoes all of it, MySQL included.
        project.javaMigration(1700000100, "Data", List.of("CREATE TABLE data_a (id integer)"),
                List.of("INSERT INTO data_a VALUES (1)", "INSERT INTO no_such_table VALUES (1)"));
        project.migrator().migrate(MigrateOptions.defaults());
        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().rollback(RollbackOptions.steps(1)));
        assertEquals(KoldyException.MIGRATION_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("Its changes were rolled back and it is still recorded as executed."),
                e.getMessage());
        assertEquals(List.of(), project.failures(), "nothing was committed, so nothing blocks the next run");
        assertEquals(List.of("1700000100_Data"), project.history());
        assertEquals(List.of("0"), project.strings("SELECT count(*) FROM data_a"));
        assertEquals(List.of(), project.migrator().migrate(MigrateOptions.defaults()), "migrate is not blocked");
    }

    @Test
    void javaExceptionInMigrationIsReportedWithItsLine() {
        project.writeMigration(1700000100, "Throws",
                "        Db.query(\"CREATE TABLE t_throw (id integer)\").exec();\n"
                        + "        throw new IllegalStateException(\"data is not ready\");\n", "");
        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults()));
        assertEquals(KoldyException.MIGRATION_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("data is not ready"), e.getMessage());
        assertTrue(e.getMessage().contains("1700000100_Throws.java:7"), e.getMessage());
        assertTrue(project.history().isEmpty());
    }

    @Test
    void adoptsTheHistoryTableKoldyPhpCreated() {
        for (String ddl : koldyPhpDdl()) {
            project.execute(ddl);
        }
        project.execute("INSERT INTO koldy_migration (script, script_timestamp, script_executed_at,"
                + " script_execution_duration) VALUES ('1600000000_CreateLegacy', 1600000000, '2020-09-13 12:26:40', 1)");
        project.execute("CREATE TABLE legacy (id integer)"); // what Koldy PHP's migration made
        createTable(1600000000, "legacy"); // running it again would fail: the table exists
        createTable(1700000000, "newer");

        List<Applied> applied = project.migrator().migrate(MigrateOptions.defaults());

        assertEquals(List.of("1700000000_CreateNewer"), applied.stream().map(Applied::script).toList());
        assertEquals(List.of("1600000000_CreateLegacy", "1700000000_CreateNewer"), project.history());
        assertEquals(java.util.Arrays.asList(null, "x"), project.strings(
                "SELECT CASE WHEN script_checksum IS NULL THEN NULL ELSE 'x' END FROM koldy_migration ORDER BY id"));
        // script_timestamp now takes 64-bit values (no year-2038 limit)
        project.execute("INSERT INTO koldy_migration (script, script_timestamp, script_executed_at,"
                + " script_execution_duration) VALUES ('4102444800_Future', 4102444800, '2100-01-01 00:00:00', 0)");
        MigrationStatus legacy = project.migrator().status().migrations().get(0);
        assertEquals(MigrationState.EXECUTED, legacy.state(), "a row without checksum is trusted");
        assertEquals("2020-09-13 12:26:40", legacy.row().executedAt(), "executed-at read back to the second");
    }

    /** Koldy PHP's exact DDL for this database (shared/koldy-php-compat.md). */
    abstract List<String> koldyPhpDdl();

    private void koldyPhpRow(String script, long timestamp) {
        project.execute("INSERT INTO koldy_migration (script, script_timestamp, script_executed_at,"
                + " script_execution_duration) VALUES ('" + script + "', " + timestamp + ", '2020-09-13 12:26:40', 1)");
    }

    @Test
    void sideBySideWithKoldyPhpItsPhpMigrationsLeadingZerosAndSharedTimestampsAreKnown() {
        for (String ddl : koldyPhpDdl()) {
            project.execute(ddl);
        }
        project.write("1600000000_CreateLegacy.php", "<?php // Koldy PHP's, executed by it");
        koldyPhpRow("1600000000_CreateLegacy", 1600000000);
        // Koldy PHP records the leading zero of the file name
        project.write("0964000300_Lead.sql", "-- koldy:up\nCREATE TABLE lead (id integer);\n-- koldy:down\nDROP TABLE lead;\n");
        koldyPhpRow("0964000300_Lead", 964000300);
        sqlTable(1700000200, "b_table");
        sqlTable(1700000200, "a_table"); // Koldy PHP gives two migrations one timestamp: ordered by name

        List<Applied> applied = project.migrator().migrate(MigrateOptions.defaults());

        assertEquals(List.of("1700000200_CreateA_table", "1700000200_CreateB_table"),
                applied.stream().map(Applied::script).toList());
        Status status = project.migrator().status();
        assertEquals(List.of("0964000300_Lead=executed", "1600000000_CreateLegacy=executed",
                "1700000200_CreateA_table=executed", "1700000200_CreateB_table=executed"), status.migrations().stream()
                .map(m -> m.script() + "=" + m.state().label()).toList());
        assertEquals(MigrationFile.Kind.PHP, status.migrations().get(1).file().kind());
        assertEquals(List.of(), project.migrator().repair(), "a row whose file exists in any form is never forgotten");
        assertEquals(4, project.history().size());

        // koldy cannot run a PHP migration: a pending one stops migrate before anything runs
        project.write("1800000000_CreateLater.php", "<?php");
        sqlTable(1800000100, "c_table");
        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults()));
        assertEquals(KoldyException.REFUSED, e.exitCode());
        assertTrue(e.getMessage().startsWith("Cannot run 1800000000_CreateLater: application/migrations/"
                + "1800000000_CreateLater.php is a Koldy PHP migration"), e.getMessage());
        assertFalse(project.tableExists("c_table"));
    }

    @Test
    void changedFileIsReportedRefusedAndAcceptedByRepair() throws Exception {
        Path file = project.javaMigration(1700000100, "CreateA", List.of("CREATE TABLE a_table (id integer)"),
                List.of("DROP TABLE a_table"));
        project.migrator().migrate(MigrateOptions.defaults());
        Files.writeString(file, Files.readString(file) + "\n// edited after it ran\n");
        createTable(1700000200, "b_table");

        assertEquals(MigrationState.CHANGED, project.migrator().status().migrations().get(0).state());
        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults()));
        assertEquals(KoldyException.REFUSED, e.exitCode());
        assertEquals(KoldyException.Reason.CHANGED_OR_MISSING, e.reason());
        assertTrue(e.getMessage().contains("1700000100_CreateA"), e.getMessage());
        assertFalse(project.tableExists("b_table"));

        assertEquals(1, project.migrator().repair().size());
        assertEquals(MigrationState.EXECUTED, project.migrator().status().migrations().get(0).state());
        project.migrator().migrate(MigrateOptions.defaults());
        assertTrue(project.tableExists("b_table"));
    }


    /** A Java migration that commits koldy's transaction is stopped before the COMMIT, and reported truthfully. */
    @Test
    void aJavaMigrationThatWouldCommitFailsBeforeItAndIsRolledBack() {
        createTable(1700000100, "a_table");
        project.writeMigration(1700000200, "Sneaky", "        Db.query(\"INSERT INTO a_table (id) VALUES (1)\").exec();\n"
                + "        Db.query(\"COMMIT\").exec();\n", "");
        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults()));
        assertEquals(KoldyException.MIGRATION_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("COMMIT would end the transaction koldy runs this migration in"),
                e.getMessage());
        assertEquals(List.of("1700000100_CreateA_table"), project.history());
        assertEquals(List.of("0"), project.strings("SELECT count(*) FROM a_table"), "the INSERT was rolled back");
    }

    /** A psql-style SQL file (BEGIN ... COMMIT) is refused before anything runs. */
    @Test
    void anSqlFileThatWouldCommitIsRefusedBeforeAnythingRuns() {
        createTable(1700000100, "a_table");
        project.sqlMigration(1700000200, "PsqlStyle",
                "-- koldy:up\nBEGIN;\nINSERT INTO a_table (id) VALUES (1);\nCOMMIT;\n-- koldy:down\nDELETE FROM a_table;\n");
        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults()));
        assertEquals(KoldyException.Reason.INVALID_MIGRATION, e.reason());
        assertTrue(e.getMessage().contains("1700000200_PsqlStyle.sql:2: BEGIN would end"), e.getMessage());
        assertFalse(project.tableExists("a_table"), "nothing ran, not even the migration before it");
    }

    @Test
    void missingFileIsRefusedByMigrateAndRollbackAndForgottenByRepair() throws Exception {
        createTable(1700000100, "a_table");
        Path b = project.javaMigration(1700000200, "CreateB", List.of("CREATE TABLE b_table (id integer)"),
                List.of("DROP TABLE b_table"));
        project.migrator().migrate(MigrateOptions.defaults());
        Files.delete(b);

        assertEquals(MigrationState.MISSING, project.migrator().status().migrations().get(1).state());
        assertEquals(KoldyException.REFUSED,
                assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults())).exitCode());
        KoldyException rollback = assertThrows(KoldyException.class, () -> project.migrator().rollback(RollbackOptions.steps(1)));
        assertEquals(KoldyException.REFUSED, rollback.exitCode());
        assertTrue(rollback.getMessage().contains("1700000200_CreateB"), rollback.getMessage());
        assertTrue(project.tableExists("b_table"), "nothing was rolled back");

        KoldyException unnamed = assertThrows(KoldyException.class, () -> project.migrator().repair());
        assertEquals(KoldyException.Reason.CHANGED_OR_MISSING, unnamed.reason());
        assertTrue(unnamed.getMessage().contains("run: koldy repair --forget 1700000200_CreateB."),
                unnamed.getMessage());
        assertEquals(List.of("1700000100_CreateA_table", "1700000200_CreateB"), project.history(),
                "repair forgets nothing it was not told to");
        KoldyException notMissing = assertThrows(KoldyException.class,
                () -> project.migrator().repair(java.util.Set.of("1700000100_CreateA_table")));
        assertEquals(KoldyException.Reason.CHANGED_OR_MISSING, notMissing.reason());
        assertTrue(notMissing.getMessage().startsWith("Refusing to forget 1700000100_CreateA_table: it is executed;"),
                notMissing.getMessage());

        project.migrator().repair(java.util.Set.of("1700000200_CreateB"));
        assertEquals(List.of("1700000100_CreateA_table"), project.history());
        assertEquals(List.of(), project.migrator().migrate(MigrateOptions.defaults()));
    }

    /** Run from the wrong directory, every executed file looks deleted: repair changes nothing. */
    @Test
    void repairWhereNoExecutedMigrationHasAFileRefusesAndSaysWhereItLooked() throws Exception {
        createTable(1700000100, "a_table");
        createTable(1700000200, "b_table");
        project.migrator().migrate(MigrateOptions.defaults());
        try (java.util.stream.Stream<Path> files = Files.list(project.migrationsDirectory())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.move(file, project.root().resolve(file.getFileName()));
            }
        }
        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().repair());
        assertEquals(KoldyException.REFUSED, e.exitCode());
        assertTrue(e.getMessage().startsWith("Refusing to repair: none of the 2 executed migrations has a file in"
                + " application/migrations (project root " + project.root() + "). Is this the project whose"
                + " database this is? Repair forgets an executed migration only when it is named"), e.getMessage());
        assertEquals(List.of("1700000100_CreateA_table", "1700000200_CreateB_table"), project.history());
    }



    @Test
    void queriesBindParametersAndFetchRows() {
        project.writeMigration(1700000100, "Data",
                "        Db.query(\"CREATE TABLE people (id integer, name varchar(50))\").exec();\n"
                        + "        int n = Db.query(\"INSERT INTO people (id, name) VALUES (?, ?)\", 1, \"O'Brien\").exec();\n"
                        + "        if (n != 1) throw new IllegalStateException(\"affected \" + n);\n"
                        + "        Db.query(\"INSERT INTO people (id, name) VALUES (?, ?)\", 2, \"Ann\").exec();\n"
                        + "        var rows = Db.query(\"SELECT name FROM people WHERE id > ? ORDER BY id\", 0).fetchAll();\n"
                        + "        if (rows.size() != 2) throw new IllegalStateException(\"rows \" + rows);\n"
                        + "        var first = Db.query(\"SELECT name FROM people WHERE id = ?\", 2).fetchFirst();\n"
                        + "        Db.query(\"INSERT INTO people (id, name) VALUES (3, ?)\", first.get().values().iterator().next()).exec();\n"
                        + "        if (Db.query(\"SELECT name FROM people WHERE id = 99\").fetchFirst().isPresent()) throw new IllegalStateException();\n",
                "        Db.query(\"DROP TABLE people\").exec();\n");
        project.migrator().migrate(MigrateOptions.defaults());
        assertEquals(List.of("O'Brien", "Ann", "Ann"), project.strings("SELECT name FROM people ORDER BY id"));
    }

    @Test
    void migrationsReachOtherConnectionsByName() throws Exception {
        TestProject other = new TestProject(database(), directory.resolve("other"));
        project.environment().put("KOLDY_CONNECTIONS", "default, admin");
        project.environment().put("KOLDY_ADMIN_URL", other.url());
        project.writeMigration(1700000100, "Both",
                "        Db.query(\"CREATE TABLE on_default (id integer)\").exec();\n"
                        + "        Db.connection(\"admin\").query(\"CREATE TABLE on_admin (id integer)\").exec();\n",
                "        Db.connection(\"admin\").query(\"DROP TABLE on_admin\").exec();\n"
                        + "        Db.query(\"DROP TABLE on_default\").exec();\n");
        project.migrator().migrate(MigrateOptions.defaults());
        assertTrue(project.tableExists("on_default"));
        assertFalse(project.tableExists("on_admin"));
        assertTrue(other.tableExists("on_admin"));
        assertFalse(other.tableExists("koldy_migration"), "history stays on the history connection");

        project.migrator().rollback(RollbackOptions.steps(1));
        assertFalse(other.tableExists("on_admin"));
        other.close();
    }

    @Test
    void historyCanLiveOnAnotherConnection() {
        TestProject admin = new TestProject(database(), directory.resolve("admin"));
        project.environment().put("KOLDY_CONNECTIONS", "default, admin");
        project.environment().put("KOLDY_ADMIN_URL", admin.url());
        project.environment().put("KOLDY_KOLDY_MIGRATION", "admin");
        createTable(1700000100, "a_table");
        project.migrator().migrate(MigrateOptions.defaults());
        assertTrue(project.tableExists("a_table"));
        assertFalse(project.tableExists("koldy_migration"));
        assertEquals(List.of("1700000100_CreateA_table"), admin.history());
        admin.close();
    }

    @Test
    void executedAtIsTheUtcDateTimeStoredWhateverTheJvmTimeZone() {
        createTable(1700000100, "a_table");
        project.migrator().migrate(MigrateOptions.defaults());
        // 02:30 on this day does not exist in New York (clocks jump from 02:00 to 03:00)
        project.execute("UPDATE koldy_migration SET script_executed_at = '2026-03-08 02:30:00'");
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/New_York"));
            assertEquals("2026-03-08 02:30:00", project.migrator().status().migrations().get(0).row().executedAt());
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
    }

    @Test
    void aHistoryRowWithoutAScriptOrATimeIsNamedNotACrash() {
        createTable(1700000100, "a_table");
        project.execute("CREATE TABLE koldy_migration (id integer PRIMARY KEY, script varchar(255),"
                + " script_timestamp bigint, script_executed_at " + Dialects.forUrl(project.url()).history().executedAtType()
                + ", script_execution_duration integer)",
                "INSERT INTO koldy_migration VALUES (7, NULL, 1700000100, '2026-01-01 00:00:00', 0)");
        KoldyException noScript = assertThrows(KoldyException.class, () -> project.migrator().status());
        assertEquals(KoldyException.USAGE_OR_CONFIG, noScript.exitCode());
        assertTrue(noScript.getMessage().startsWith("The history table koldy_migration has a row (id 7) without script:"),
                noScript.getMessage());
        project.execute("UPDATE koldy_migration SET script = '1700000100_CreateA_table', script_executed_at = NULL");
        KoldyException noTime = assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults()));
        assertTrue(noTime.getMessage().contains("(id 7) without script_executed_at"), noTime.getMessage());
        assertFalse(project.tableExists("a_table"));
    }

    @Test
    void statusReadsWithoutCreatingTheTable() {
        createTable(1700000100, "a_table");
        project.execute("CREATE TABLE existing (id integer)"); // status never creates a SQLite file itself
        Status status = project.migrator().status();
        assertEquals(MigrationState.PENDING, status.migrations().get(0).state());
        assertNull(status.migrations().get(0).row());
        assertFalse(project.tableExists("koldy_migration"));
    }

    @Test
    void aRunWaitsForTheLockAndGivesUpWithExit3() throws Exception {
        createTable(1700000100, "a_table");
        var config = project.config();
        try (Connections connections = new Connections(config.connections());
             RunLock held = connections.dialect("default").runLock(config.defaultConnection(),
                     connections.dataSource("default"), config.historyTable(), null)) {
            assertTrue(held.tryAcquire());
            KoldyException e = assertThrows(KoldyException.class,
                    () -> project.migrator(Duration.ofSeconds(1)).migrate(MigrateOptions.defaults()));
            assertEquals(KoldyException.REFUSED, e.exitCode());
            assertEquals(KoldyException.Reason.LOCK_TIMEOUT, e.reason());
            assertTrue(e.getMessage().contains("lock"), e.getMessage());
            assertNotNull(held.describeHolder());
            assertFalse(project.tableExists("a_table"));
        }
        project.migrator().migrate(MigrateOptions.defaults()); // released: the next run proceeds
        assertTrue(project.tableExists("a_table"));
    }

    @Test
    void aPoolOpensNoConnectionThatNobodyAskedFor() throws Exception {
        try (Connections connections = new Connections(project.config().connections());
             java.sql.Connection work = connections.borrow("default")) {
            // HikariCP's housekeeper first runs 100 ms after start; with a minimum of idle
            // connections it would now open a spare one, which a run never uses.
            Thread.sleep(600);
            var pool = connections.dataSource("default").unwrap(com.zaxxer.hikari.HikariDataSource.class);
            assertEquals(1, pool.getHikariPoolMXBean().getTotalConnections());
            assertTrue(work.isValid(1));
        }
    }

    // ---- SQL migrations, dry run, targets, redo, baseline, data helpers (issue 4)

    private void sqlTable(long timestamp, String table) {
        project.sqlMigration(timestamp, "Create" + capitalised(table), "-- koldy:up\nCREATE TABLE " + table
                + " (id integer NOT NULL PRIMARY KEY);\n-- koldy:down\nDROP TABLE " + table + ";\n");
    }

    @Test
    void sqlAndJavaMigrationsRunInOneTimestampOrder() {
        sqlTable(1700000300, "c_table");
        createTable(1700000200, "b_table");
        project.sqlMigration(1700000100, "CreateA", "-- creates a and fills it\n-- koldy:up\n"
                + "CREATE TABLE a_table (id integer, note varchar(50));\n"
                + "INSERT INTO a_table VALUES (1, 'semi;colon');  -- a comment; here\n"
                + "/* and; here */ INSERT INTO a_table VALUES (2, 'it''s');\n"
                + "-- koldy:down\nDROP TABLE a_table;\n");

        List<Applied> applied = project.migrator().migrate(MigrateOptions.defaults());

        assertEquals(List.of("1700000100_CreateA", "1700000200_CreateB_table", "1700000300_CreateC_table"),
                applied.stream().map(Applied::script).toList());
        assertEquals(List.of("semi;colon", "it's"), project.strings("SELECT note FROM a_table ORDER BY id"));
        project.migrator().rollback(RollbackOptions.steps(3));
        assertEquals(List.of("koldy_migration", "koldy_migration_run"), project.tables());
    }

    @Test
    void sqlErrorNamesFileLineAndTheDatabasesMessage() {
        project.sqlMigration(1700000100, "Bad", "-- koldy:up\nCREATE TABLE ok_table (id integer);\n\n"
                + "INSERT INTO missing_table VALUES (1);\n-- koldy:down\n");
        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults()));
        assertEquals(KoldyException.MIGRATION_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("application/migrations/1700000100_Bad.sql:4: "), e.getMessage());
        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("missing_table"), e.getMessage());
        assertTrue(e.getMessage().contains("in statement: INSERT INTO missing_table VALUES (1)"), e.getMessage());
    }

    /**
     * pg_dump's {@code set_config('search_path', '', false)}, MySQL's {@code USE}: a migration
     * that moves its session elsewhere cannot move the bookkeeping with it.
     */
    @Test
    void aMigrationThatMovesItsSessionCannotMoveTheBookkeeping() {
        String move = sessionMovingStatement();
        sqlTable(1700000100, "a_table");
        project.sqlMigration(1700000200, "MovesTheSession", "-- koldy:up\n" + move + ";\n-- koldy:down\n" + move + ";\n");
        project.sqlMigration(1700000300, "MovesItAgain", "-- koldy:no-transaction\n-- koldy:up\n" + move + ";\n"
                + "-- koldy:down\n" + move + ";\n");

        assertEquals(3, project.migrator().migrate(MigrateOptions.defaults()).size());

        assertEquals(List.of("1700000100_CreateA_table", "1700000200_MovesTheSession", "1700000300_MovesItAgain"),
                project.history());
        assertEquals(List.of(), project.failures());
        assertEquals(2, project.migrator().rollback(RollbackOptions.steps(2)).size());
        assertEquals(List.of("1700000100_CreateA_table"), project.history());
    }

    /**
     * A temporary table named as the history hid the real one on MySQL and SQLite: three
     * "Migrated" lines, one migration recorded. It is refused before it runs, on every database.
     */
    @Test
    void aTemporaryTableNamedAsTheHistoryIsRefused() {
        sqlTable(1700000100, "a_table");
        project.sqlMigration(1700000200, "Shadows", "-- koldy:up\nCREATE TEMPORARY TABLE koldy_migration AS"
                + " SELECT * FROM koldy_migration;\n-- koldy:down empty\n");
        sqlTable(1700000300, "c_table");

        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults()));

        assertEquals(KoldyException.MIGRATION_FAILED, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("would hide koldy's history table"), e.getMessage());
        assertEquals(List.of("1700000100_CreateA_table"), project.history());
        assertFalse(project.tableExists("c_table"), "the run stopped there");
    }

    /** A statement after which an unqualified koldy_migration names another table, or none. */
    abstract String sessionMovingStatement();

    /** The longest history table name koldy accepts works, with the index name derived from it. */
    @Test
    void theLongestAcceptedHistoryTableNameWorks() {
        String table = "h" + "x".repeat(54);
        project.environment().put("KOLDY_MIGRATIONS_TABLE", table);
        sqlTable(1700000100, "a_table");

        assertEquals(1, project.migrator().migrate(MigrateOptions.defaults()).size());

        assertEquals(List.of("1700000100_CreateA_table"), project.strings("SELECT script FROM " + table));
    }

    /** SQL that trips naive splitters, in this database's own syntax, run for real. */
    @Test
    void sqlFileWithTheDatabasesOwnTrickySyntaxRuns() {
        project.sqlMigration(1700000100, "Tricky", "-- koldy:up\n" + splitterSample() + "-- koldy:down\n");
        project.migrator().migrate(MigrateOptions.defaults());
        assertSplitterSampleWorks();
    }

    abstract String splitterSample();

    abstract void assertSplitterSampleWorks();


    @Test
    void dryRunPrintsWhatARealRunExecutesAndChangesNothing() throws Exception {
        createTable(1700000100, "a_table");
        project.migrator().migrate(MigrateOptions.defaults());
        project.writeMigration(1700000200, "Data",
                "        Db.query(\"CREATE TABLE people (id integer, name varchar(50))\").exec();\n"
                        + "        Db.insert(\"people\").set(\"id\", 1).set(\"name\", \"Ann\").exec();\n"
                        + "        Db.query(\"SELECT count(*) FROM people\").fetchAll();\n",
                "        Db.query(\"DROP TABLE people\").exec();\n");
        sqlTable(1700000300, "c_table");
        List<String> tablesBefore = project.tables();
        List<String> historyBefore = project.historyDump();
        byte[] fileBefore = sqliteBytes();

        List<String> dry = new java.util.ArrayList<>();
        List<Applied> planned = project.migrator().statementListener(dry::add).migrate(
                new MigrateOptions(false, null, true));

        assertEquals(2, planned.size());
        assertEquals(new koldy.PlannedStatement("default", "INSERT INTO people (id, name) VALUES (?, ?)", 2, false),
                planned.get(0).statements().get(1), "as data, without display text");
        assertTrue(planned.get(0).statements().get(2).reads(), planned.get(0).statements().toString());
        assertEquals(tablesBefore, project.tables(), "schema unchanged");
        assertEquals(historyBefore, project.historyDump(), "history unchanged");
        if (fileBefore != null) {
            assertTrue(java.util.Arrays.equals(fileBefore, sqliteBytes()), "the SQLite file is byte-for-byte the same");
        }

        List<String> real = new java.util.ArrayList<>();
        project.migrator().statementListener(real::add).migrate(MigrateOptions.defaults());
        assertEquals(dry, real, "the dry run printed exactly what the real run executed");

        List<String> dryDown = new java.util.ArrayList<>();
        project.migrator().statementListener(dryDown::add).rollback(new RollbackOptions(2, null, true));
        assertEquals(List.of("DROP TABLE c_table", "DROP TABLE people"), dryDown);
        assertTrue(project.tableExists("c_table"));
    }

    private byte[] sqliteBytes() throws java.io.IOException {
        Path file = koldy.config.SupportedUrls.sqliteFile(project.url());
        return file == null ? null : Files.readAllBytes(file);
    }

    @Test
    void migrateToAndRollbackToATimestamp() {
        createTable(1700000100, "a_table");
        sqlTable(1700000200, "b_table");
        createTable(1700000300, "c_table");

        assertEquals(2, project.migrator().migrate(new MigrateOptions(false, 1700000200L, false)).size());
        assertEquals(List.of("1700000100_CreateA_table", "1700000200_CreateB_table"), project.history());
        assertFalse(project.tableExists("c_table"));

        project.migrator().migrate(MigrateOptions.defaults());
        List<Applied> reverted = project.migrator().rollback(new RollbackOptions(null, 1700000100L, false));
        assertEquals(List.of("1700000300_CreateC_table", "1700000200_CreateB_table"),
                reverted.stream().map(Applied::script).toList());
        assertEquals(List.of("1700000100_CreateA_table"), project.history());
    }

    @Test
    void redoRevertsAndReappliesTheLastMigrations() {
        createTable(1700000100, "a_table");
        createTable(1700000200, "b_table");
        sqlTable(1700000300, "c_table");
        project.migrator().migrate(MigrateOptions.defaults());
        project.execute("INSERT INTO c_table VALUES (1)");

        List<Applied> redone = project.migrator().redo(2, false);

        assertEquals(List.of("1700000300_CreateC_table/down", "1700000200_CreateB_table/down",
                "1700000200_CreateB_table/up", "1700000300_CreateC_table/up"),
                redone.stream().map(a -> a.script() + (a.up() ? "/up" : "/down")).toList());
        assertEquals(List.of("0"), project.strings("SELECT count(*) FROM c_table"), "c_table was recreated");
        assertEquals(List.of("1700000100_CreateA_table", "1700000200_CreateB_table", "1700000300_CreateC_table"),
                project.history());
    }

    @Test
    void baselineRecordsWithoutRunning() {
        project.execute("CREATE TABLE a_table (id integer)", "CREATE TABLE b_table (id integer)");
        createTable(1700000100, "a_table"); // would fail if run: the table exists
        sqlTable(1700000200, "b_table");
        createTable(1700000300, "c_table");

        assertEquals(List.of("1700000100_CreateA_table", "1700000200_CreateB_table"),
                project.migrator().baseline(1700000200));
        assertEquals(List.of("1700000300_CreateC_table"),
                project.migrator().migrate(MigrateOptions.defaults()).stream().map(Applied::script).toList());
        assertEquals(3, project.migrator().status().count(MigrationState.EXECUTED));
        assertEquals(List.of(), project.migrator().baseline(1700000300), "nothing left to baseline");
    }

    @Test
    void buildersAndChunksChangeDataWithBoundParameters() {
        project.writeMigration(1700000100, "Data",
                "        Db.query(\"CREATE TABLE items (id integer, name varchar(50), seen integer)\").exec();\n"
                        + "        for (int i = 1; i <= 25; i++) {\n"
                        + "            Db.insert(\"items\").set(\"id\", i).set(\"name\", \"it's #\" + i).set(\"seen\", 0).exec();\n"
                        + "        }\n"
                        + "        long chunks = Db.inChunks(\"items\", \"id\", 10, (from, to) -> {\n"
                        + "            Db.update(\"items\").set(\"seen\", 1).where(\"id >= ? AND id < ?\", from, to).exec();\n"
                        + "            return 1;\n"
                        + "        });\n"
                        + "        if (chunks != 3) throw new IllegalStateException(\"chunks \" + chunks);\n"
                        + "        Db.delete(\"items\").where(\"id > ?\", 20).exec();\n",
                "        Db.delete(\"items\").all().exec();\n        Db.query(\"DROP TABLE items\").exec();\n");
        project.migrator().migrate(MigrateOptions.defaults());
        assertEquals(List.of("20"), project.strings("SELECT count(*) FROM items WHERE seen = 1"));
        assertEquals(List.of("it's #1"), project.strings("SELECT name FROM items WHERE id = 1"));
    }

    @Test
    void nonTransactionalMigrationThatFailsIsRecordedAsFailed() {
        project.sqlMigration(1700000100, "Loose", "-- koldy:no-transaction\n-- koldy:up\n"
                + "CREATE TABLE loose_a (id integer);\nINSERT INTO nowhere VALUES (1);\n-- koldy:down\n");
        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults()));
        assertEquals(KoldyException.MIGRATION_FAILED, e.exitCode());
        assertTrue(project.tableExists("loose_a"), "outside a transaction, the first statement stays");
        assertEquals(List.of("1700000100_Loose=failed"), project.failures());
        assertEquals(List.of(), project.history(), "Koldy PHP sees it pending, not executed");
        assertEquals(KoldyException.REFUSED,
                assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults())).exitCode());
    }

    @Test
    void nonTransactionalMigrationAndRollbackMoveThroughTheRunTableOnly() {
        project.sqlMigration(1700000100, "Loose", "-- koldy:no-transaction\n-- koldy:up\n"
                + "CREATE TABLE loose_a (id integer);\n-- koldy:down\nDROP TABLE loose_a;\n");
        project.migrator().migrate(MigrateOptions.defaults());
        assertEquals(List.of("1700000100_Loose"), project.history());
        assertEquals(List.of("0"), project.strings("SELECT count(*) FROM koldy_migration_run"),
                "completed: its started-row deleted at the end of the run");
        KoldyPhpView.assertAgree(project);
        project.migrator().rollback(RollbackOptions.steps(1));
        assertEquals(List.of(), project.history());
        assertEquals(List.of(), project.failures());
        assertFalse(project.tableExists("loose_a"));
    }

    @Test
    void aStartedRowLeftBesideItsCompletedMigrationReadsAsExecutedAndGoesAtTheNextRun() {
        // A run deletes the started-rows of what it completed at its end; one killed just before
        // that leaves them, beside the rows that say the migrations completed.
        project.sqlMigration(1700000100, "Loose", "-- koldy:no-transaction\n-- koldy:up\n"
                + "CREATE TABLE loose_a (id integer);\n-- koldy:down\nDROP TABLE loose_a;\n");
        project.migrator().migrate(MigrateOptions.defaults());
        project.execute("INSERT INTO koldy_migration_run (script, script_timestamp, script_executed_at,"
                + " script_execution_duration, script_status) VALUES ('1700000100_Loose', 1700000100,"
                + " '2026-01-01 00:00:00', 0, 'running')");
        assertEquals(MigrationState.EXECUTED, project.migrator().status().migrations().get(0).state());
        sqlTable(1700000200, "b_table");
        project.migrator().migrate(MigrateOptions.defaults());
        assertEquals(List.of("0"), project.strings("SELECT count(*) FROM koldy_migration_run"),
                "the next run deleted it");
        project.migrator().rollback(RollbackOptions.steps(2));
        assertEquals(List.of(), project.history());
    }
}
