package koldy.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** MySQL's and MariaDB's history tables: InnoDB (for transactions), in the session's database. */
final class MySqlHistorySql extends HistorySql {

    @Override
    String idColumn() {
        return "id int unsigned not null auto_increment";
    }

    @Override
    String integer() {
        return "int";
    }

    @Override
    String keys(String table) {
        return ", PRIMARY KEY (id), UNIQUE KEY u_" + table + "_script (script)";
    }

    @Override
    public String executedAtType() {
        return "datetime";
    }

    @Override
    public String tableOptions() {
        return " ENGINE=InnoDB";
    }

    @Override
    public List<String> widenTimestamp(String table, String currentType) {
        return "bigint".equals(currentType) ? List.of()
                : List.of("ALTER TABLE " + table + " MODIFY script_timestamp bigint not null");
    }

    @Override
    public TableShape shape(Connection connection, String table) throws SQLException {
        return shapeFrom(connection, "SELECT database(), column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = database() AND table_name = ? UNION ALL SELECT database(), NULL, NULL", table);
    }

    @Override
    public String qualified(String database, String table) {
        return database == null ? table : '`' + database.replace("`", "``") + "`." + table;
    }

    @Override
    public String fromNoTable() {
        return " FROM DUAL";
    }
}
