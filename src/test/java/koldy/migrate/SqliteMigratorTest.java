package koldy.migrate;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

import koldy.testing.TestDatabase;

class SqliteMigratorTest extends MigratorContract {

    @Override
    TestDatabase database() {
        return TestDatabase.SQLITE;
    }

    @Override
    List<String> koldyPhpDdl() {
        return List.of("CREATE TABLE koldy_migration (id integer primary key autoincrement, script char(255) not null,"
                + " script_timestamp integer not null, script_executed_at char(20) not null,"
                + " script_execution_duration integer not null)");
    }

    @Override
    String sessionMovingStatement() {
        return "SELECT 1";
    }

    @Override
    String splitterSample() {
        return SplitterSamples.SQLITE;
    }

    @Override
    void assertSplitterSampleWorks() {
        project.execute("INSERT INTO koldy_counted VALUES (1)");
        assertEquals(List.of("1|counted; again"), project.strings("SELECT n || '|' || note FROM koldy_audit"));
    }
}
