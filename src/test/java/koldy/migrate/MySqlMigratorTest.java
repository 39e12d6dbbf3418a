package koldy.migrate;

import java.util.List;

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
}
