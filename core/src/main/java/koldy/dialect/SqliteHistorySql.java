package koldy.dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** SQLite's history tables: 64-bit integers everywhere, text times as Koldy PHP writes them. */
final class SqliteHistorySql extends HistorySql {

    private static final DateTimeFormatter KOLDY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Override
    String idColumn() {
        return "id integer primary key autoincrement";
    }

    @Override
    String bigInteger() {
        return "integer"; // 64-bit in SQLite, as Koldy PHP declares it
    }

    @Override
    public String executedAtType() {
        return "char(20)";
    }

    @Override
    public TableShape shape(Connection connection, String table) throws SQLException {
        // No search_path or USE in SQLite: the table is addressed as it is named.
        return shapeFrom(connection, "SELECT NULL, name, type FROM pragma_table_info(?)", table);
    }

    @Override
    public Object executedAtValue(LocalDateTime utc) {
        return KOLDY_TIME.format(utc);
    }

    @Override
    public Object executedAt(ResultSet row, int column) throws SQLException {
        return row.getString(column); // 'YYYY-MM-DD HH:MM:SS' text, as Koldy PHP writes it
    }
}
