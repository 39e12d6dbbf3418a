package koldy.migrate;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
