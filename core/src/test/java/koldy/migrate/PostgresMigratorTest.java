package koldy.migrate;

import java.util.List;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import koldy.RollbackOptions;
import koldy.MigrateOptions;
import koldy.load.SplitterSamples;
import koldy.Applied;
import koldy.testing.JdbcUrl;
import koldy.testing.RoundTripCounter;
import koldy.testing.TestDatabase;

class PostgresMigratorTest extends MigratorContract {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }

    @Override
    List<String> koldyPhpDdl() {
        return List.of("CREATE TABLE koldy_migration (id serial, script varchar(255) not null,"
                        + " script_timestamp int not null, script_executed_at timestamp not null,"
                        + " script_execution_duration int not null, PRIMARY KEY(id))",
                "CREATE INDEX i_koldy_migration_script_timestamp ON koldy_migration (script_timestamp)");
    }

    @Override
    String sessionMovingStatement() {
        return "SELECT pg_catalog.set_config('search_path', '', false)";
    }

    @Override
    String splitterSample() {
        return SplitterSamples.POSTGRES;
    }

    @Override
    void assertSplitterSampleWorks() {
        assertEquals(List.of("5"), project.strings("SELECT koldy_add(2, 3)"));
        assertEquals(List.of("1"), project.strings("SELECT koldy_sign(5)"));
        assertEquals(List.of("it's; $1"), project.strings(
                "SELECT column_default FROM information_schema.columns WHERE table_name = 'koldy_dollars'")
                .stream().map(d -> d.replaceAll("^E?'(.*)'::text$", "$1").replace("''", "'")
                        .replace("\\'", "'")).toList());
    }

    /**
     * A one-statement SQL migration costs one round trip, as the statement alone in autocommit
     * does: the statement, its history row and COMMIT go together. Counted by a proxy (each time
     * the client speaks after an answer), as the difference between a run of 10 and a run of 20 such
     * migrations, each with a pool of its own, so that everything else a run does drops out.
     */
    @Test
    void aOneStatementSqlMigrationCostsOneRoundTrip() throws Exception {
        JdbcUrl direct = JdbcUrl.parse(project.url());
        try (RoundTripCounter counter = new RoundTripCounter(direct.host(),
                direct.port() == null ? 5432 : Integer.parseInt(direct.port()))) {
            project.environment().put("KOLDY_DEFAULT_URL", direct.at("127.0.0.1", counter.port()).toString());
            oneStatementMigrations(1700000000, 1);
            project.migrator(Duration.ofSeconds(5)).migrate(MigrateOptions.defaults()); // creates the history

            int[] roundTrips = new int[2];
            for (int run = 0; run < 2; run++) {
                oneStatementMigrations(1700000100 + run * 100, 10 * (run + 1));
                counter.reset();
                // a lock timeout of its own: a new migrator, with a new pool, for each run
                assertEquals(10 * (run + 1), project.migrator(Duration.ofSeconds(6 + run))
                        .migrate(MigrateOptions.defaults()).size());
                roundTrips[run] = counter.busiestConnection();
            }

            assertEquals(10, roundTrips[1] - roundTrips[0], "round trips for 10 more migrations (runs: "
                    + roundTrips[0] + ", " + roundTrips[1] + ")");
        }
        assertEquals(31, project.history().size());
    }

    /**
     * The last statement runs with the history row, whose duration the server times: it covers
     * that statement too (timed before it was sent, a slow one-statement migration showed 0 s).
     */
    @Test
    void theRecordedDurationIncludesTheStatementThatRanWithTheCommit() {
        project.sqlMigration(1700000100, "Slow", "-- koldy:up\nCREATE TABLE slow AS SELECT pg_sleep(1.6)::text AS slept;\n"
                + "-- koldy:down\nDROP TABLE slow;\n");

        assertEquals(1, project.migrator().migrate(MigrateOptions.defaults()).size());

        assertEquals(List.of("2"), project.strings("SELECT script_execution_duration FROM koldy_migration"));
    }

    private void oneStatementMigrations(long firstTimestamp, int count) {
        for (int i = 0; i < count; i++) {
            long timestamp = firstTimestamp + i;
            project.sqlMigration(timestamp, "Table" + timestamp, "-- koldy:up\nCREATE TABLE t_" + timestamp
                    + " (id integer);\n-- koldy:down\nDROP TABLE t_" + timestamp + ";\n");
        }
    }

    /** CREATE INDEX CONCURRENTLY cannot run in a transaction, and must not wait on koldy's own lock. */
    @Test
    void createIndexConcurrentlyRunsOutsideATransactionWhileTheRunLockIsHeld() {
        project.sqlMigration(1700000100, "CreateItems", "-- koldy:up\nCREATE TABLE items (id integer, name text);\n"
                + "-- koldy:down\nDROP TABLE items;\n");
        project.sqlMigration(1700000200, "IndexItems", "-- koldy:no-transaction\n-- koldy:up\n"
                + "CREATE INDEX CONCURRENTLY items_name ON items (name);\n"
                + "-- koldy:down\nDROP INDEX CONCURRENTLY items_name;\n");

        List<Applied> applied = project.migrator(Duration.ofSeconds(10)).migrate(MigrateOptions.defaults());

        assertEquals(2, applied.size());
        assertEquals(List.of("items_name"), project.strings("SELECT indexname FROM pg_indexes WHERE tablename = 'items'"
                + " AND schemaname = current_schema()"));
        assertEquals(List.of(), project.failures());
        project.migrator(Duration.ofSeconds(10)).rollback(RollbackOptions.steps(1));
        assertEquals(List.of(), project.strings("SELECT indexname FROM pg_indexes WHERE tablename = 'items'"
                + " AND schemaname = current_schema()"));
    }

    /**
     * Each migration starts from the connection's configured session: the outcome of the second
     * does not depend on whether the first ran in the same run, nor does a USE carry over.
     */
    @Test
    void eachMigrationStartsFromTheConfiguredSession() {
        project.sqlMigration(1700000100, "ChangesTheSession", "-- koldy:up\n"
                + "SET standard_conforming_strings = off;\nSELECT pg_catalog.set_config('search_path', '', false);\n"
                + "-- koldy:down empty\n");
        project.sqlMigration(1700000200, "Probe", "-- koldy:up\nCREATE TABLE probe AS SELECT 'a\\ b'::text AS v;\n"
                + "-- koldy:down\nDROP TABLE probe;\n");

        assertEquals(2, project.migrator().migrate(MigrateOptions.defaults()).size());

        assertEquals(List.of("a\\ b"), project.strings("SELECT v FROM probe"));
    }

    /**
     * A migration's SET ROLE ends with it: RESET ALL leaves the role alone, and the history write
     * and the next migration ran as that role (here one without rights in the project's schema).
     */
    @Test
    void aRoleSetByAMigrationEndsWithIt() {
        project.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'koldy_test_limited')"
                + " THEN CREATE ROLE koldy_test_limited; END IF; END $$");
        String user = project.strings("SELECT current_user").get(0);
        project.sqlMigration(1700000100, "BecomesLimited", "-- koldy:up\nSET ROLE koldy_test_limited;\n"
                + "-- koldy:down empty\n");
        project.sqlMigration(1700000200, "SaysWhoRuns", "-- koldy:up\nCREATE TABLE who_ran AS SELECT current_user::text"
                + " AS who;\n-- koldy:down\nDROP TABLE who_ran;\n");

        assertEquals(2, project.migrator().migrate(MigrateOptions.defaults()).size());

        assertEquals(List.of(user), project.strings("SELECT who FROM who_ran"));
        assertEquals(List.of(user), project.strings("SELECT tableowner FROM pg_tables WHERE tablename = 'who_ran'"
                + " AND schemaname = current_schema()"));
        assertEquals(List.of(), project.failures());
    }

    /**
     * The catalogue hides from a user the tables it may not use: a user who cannot read the
     * history saw every migration pending, and a dry run "would migrate" executed ones.
     */
    @Test
    void aUserWhoCannotReadTheHistoryGetsAnErrorNotEverythingPending() {
        project.sqlMigration(1700000100, "CreateA", "-- koldy:up\nCREATE TABLE a (id integer);\n-- koldy:down\n"
                + "DROP TABLE a;\n");
        assertEquals(1, project.migrator().migrate(MigrateOptions.defaults()).size());
        project.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'koldy_test_reader')"
                + " THEN CREATE ROLE koldy_test_reader LOGIN; END IF; END $$");
        String owner = project.environment().get("KOLDY_DEFAULT_URL");
        try {
            // no USAGE on the project's schema: the catalogue shows the reader nothing of it
            project.environment().put("KOLDY_DEFAULT_URL", owner.replace("user=postgres", "user=koldy_test_reader"));
            koldy.KoldyException noSchema = org.junit.jupiter.api.Assertions.assertThrows(koldy.KoldyException.class,
                    () -> project.migrator().status());
            assertEquals(koldy.KoldyException.USAGE_OR_CONFIG, noSchema.exitCode(), noSchema.getMessage());
            org.junit.jupiter.api.Assertions.assertTrue(noSchema.getMessage().contains("may use no schema on its"
                    + " search_path"), noSchema.getMessage());

            // USAGE, but no right on the table: it is not shown in information_schema either
            String schema = project.strings("SELECT current_schema()").get(0);
            project.execute("GRANT USAGE ON SCHEMA " + schema + " TO koldy_test_reader");
            koldy.KoldyException noTable = org.junit.jupiter.api.Assertions.assertThrows(koldy.KoldyException.class,
                    () -> project.migrator().status());
            assertEquals(koldy.KoldyException.USAGE_OR_CONFIG, noTable.exitCode(), noTable.getMessage());
            org.junit.jupiter.api.Assertions.assertTrue(noTable.getMessage().contains("cannot be read by this"
                    + " connection's user"), noTable.getMessage());
        } finally {
            project.environment().put("KOLDY_DEFAULT_URL", owner);
        }
    }
}
