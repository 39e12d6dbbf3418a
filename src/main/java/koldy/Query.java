package koldy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import koldy.migrate.MigrationSession;

/**
 * One SQL statement with bound parameters ({@code ?} placeholders; values are never pasted into
 * the SQL). Runs inside the current migration's transaction on its connection.
 */
public final class Query {

    private static final Logger SQL_LOG = LogManager.getLogger("koldy.sql");

    private final String connection;
    private final String sql;
    private final Object[] params;

    Query(String connection, String sql, Object[] params) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("Db.query() needs an SQL statement");
        }
        this.connection = connection;
        this.sql = sql;
        this.params = params == null ? new Object[0] : params.clone();
    }

    /** Executes a statement that returns no rows (DDL, INSERT, UPDATE, DELETE): the affected row count. */
    public int exec() {
        try (PreparedStatement statement = prepare()) {
            statement.execute();
            int count = statement.getUpdateCount();
            return Math.max(count, 0);
        } catch (SQLException e) {
            throw new QueryException(sql, e);
        }
    }

    /** All rows, each a map of column label to value, in the order the database returns them. */
    public List<Map<String, Object>> fetchAll() {
        try (PreparedStatement statement = prepare(); ResultSet rows = statement.executeQuery()) {
            ResultSetMetaData meta = rows.getMetaData();
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new QueryException(sql, e);
        }
    }

    /** The first row, if there is one. */
    public Optional<Map<String, Object>> fetchFirst() {
        List<Map<String, Object>> rows = fetchAll();
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private PreparedStatement prepare() throws SQLException {
        MigrationSession session = MigrationSession.current();
        String name = connection == null ? session.defaultConnectionName() : connection;
        Connection jdbc = session.connection(name);
        SQL_LOG.debug("[{}] {}{}", name, sql, params.length == 0 ? "" : " (" + params.length + " bound parameters)");
        PreparedStatement statement = jdbc.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }
}
