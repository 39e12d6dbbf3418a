package koldy.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a catalogue query whose rows are (schema the session is in, column name, column type) for
 * one table; a row with a null column name only names the schema.
 */
final class ColumnQuery {

    private ColumnQuery() {
    }

    static Dialect.TableShape shape(Connection connection, String sql, String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        String schema = null;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    schema = rows.getString(1) != null ? rows.getString(1) : schema;
                    if (rows.getString(2) != null) {
                        columns.put(rows.getString(2).toLowerCase(Locale.ROOT),
                                rows.getString(3).toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return new Dialect.TableShape(schema, columns);
    }
}
