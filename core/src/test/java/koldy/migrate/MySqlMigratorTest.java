package koldy.migrate;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import koldy.MigrateOptions;
import koldy.load.SplitterSamples;
import koldy.testing.TestDatabase;

class MySqlMigratorTest extends MigratorContract {

    @Override
    TestDatabase database() {
        return TestDatabase.MYSQL;
    }

    @Override
    List<String> koldyPhpDdl() {
        return List.of("CREATE TABLE koldy_migration (id int unsigned not null auto_increment,"
                + " script varchar(255) not null, script_timestamp int not null,"
                + " script_executed_at datetime not null, script_execution_duration int not null,"
                + " PRIMARY KEY(id), INDEX (script_timestamp)) Engine=InnoDB");
    }

    @Override
    String sessionMovingStatement() {
        return "USE information_schema";
    }

    @Override
    String splitterSample() {
        return SplitterSamples.MYSQL;
    }

    @Override
    void assertSplitterSampleWorks() {
        project.execute("INSERT INTO koldy_counted VALUES (1)");
        assertEquals(List.of("1|counted; again"), project.strings("SELECT concat(n, '|', note) FROM koldy_audit"));
        assertEquals(List.of("1"), project.strings("SELECT n FROM koldy_audit_view"));
    }

    /**
     * Each migration starts from the connection's configured session: the outcome of the second
     * does not depend on whether the first ran in the same run, nor does a USE carry over.
     */
    @Test
    void eachMigrationStartsFromTheConfiguredSession() {
        project.sqlMigration(1700000100, "ChangesTheSession", "-- koldy:up\n"
                + "SET SESSION sql_mode = 'ANSI_QUOTES';\nUSE information_schema;\n-- koldy:down empty\n");
        project.sqlMigration(1700000200, "Probe", "-- koldy:up\nCREATE TABLE probe AS SELECT \"a\" AS v;\n"
                + "-- koldy:down\nDROP TABLE probe;\n");

        assertEquals(2, project.migrator().migrate(MigrateOptions.defaults()).size());

        assertEquals(List.of("a"), project.strings("SELECT v FROM probe"));
    }

    /** A migration's SET ROLE ends with it: the next migration runs with the role the connection had. */
    @Test
    void aRoleSetByAMigrationEndsWithIt() {
        project.execute("CREATE ROLE IF NOT EXISTS koldy_test_limited");
        project.execute("GRANT koldy_test_limited TO CURRENT_USER");
        String before = project.strings("SELECT coalesce(current_role(), 'none')").get(0);
        project.sqlMigration(1700000100, "BecomesLimited", "-- koldy:up\nSET ROLE koldy_test_limited;\n"
                + "-- koldy:down empty\n");
        project.sqlMigration(1700000200, "SaysWhichRole", "-- koldy:up\nCREATE TABLE which_role AS SELECT"
                + " coalesce(current_role(), 'none') AS r;\n-- koldy:down\nDROP TABLE which_role;\n");

        assertEquals(2, project.migrator().migrate(MigrateOptions.defaults()).size());

        assertEquals(List.of(before), project.strings("SELECT r FROM which_role"));
    }
}
