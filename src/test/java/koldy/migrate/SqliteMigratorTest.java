package koldy.migrate;

import java.util.List;

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
}
