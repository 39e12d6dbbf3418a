package koldy.migrate;

import java.util.List;

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
}
