package koldy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import koldy.internal.CurrentSession;
import koldy.internal.Session;

/**
 * One SQL statement with bound parameters ({@code ?} placeholders; values are never pasted into
 * the SQL). Runs inside the current migration's transaction on its connection.
 */
public final class Query {

    private final String connection;
    private final String sql;
    private final Object[] params;
    /** Where the migration built it, for the report of a query built and never run; null when not told. */
    private final String builtAt;

    Query(String connection, String sql, Object[] params) {
        this(connection, sql, params, true);
    }

    /** @param tell whether the session hears of it being built (not for the builders' own, run at once) */
    Query(String connection, String sql, Object[] params, boolean tell) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("Db.query() needs an SQL statement");
        }
        this.connection = connection;
        this.sql = sql;
        this.params = params == null ? new Object[0] : params.clone();
        this.builtAt = tell ? CurrentSession.built(this) : null;
    }

    /** {@code Db.query("INSERT INTO …") at 1700000100_Seed.java:12}, as a report names it. */
    @Override
    public String toString() {
        String shown = sql.strip().replaceAll("\\s+", " ");
        return "Db.query(\"" + (shown.length() > 60 ? shown.substring(0, 57) + "..." : shown) + "\")"
                + (builtAt == null ? "" : " at " + builtAt);
    }

    /** Executes a statement that returns no rows (DDL, INSERT, UPDATE, DELETE): the affected row count. */
    public int exec() {
        Session session = CurrentSession.get();
        session.ran(this);
        String name = connectionName(session);
        session.statement(name, sql, params.length, false);
        if (session.dryRun()) {
            return 0;
        }
        try {
            Connection jdbc = session.connection(name);
            if (params.length == 0) {
                // A plain statement: a '?' in DDL (e.g. PostgreSQL's jsonb operators) is not a placeholder.
                try (Statement statement = jdbc.createStatement()) {
                    statement.execute(sql);
                    return Math.max(statement.getUpdateCount(), 0);
                }
            }
            try (PreparedStatement statement = prepare(jdbc)) {
                statement.execute();
                return Math.max(statement.getUpdateCount(), 0);
            }
        } catch (SQLException e) {
            throw new QueryException(sql, e);
        }
    }

    /** All rows, each a map of column label to value, in the order the database returns them. */
    public List<Map<String, Object>> fetchAll() {
        Session session = CurrentSession.get();
        session.ran(this);
        String name = connectionName(session);
        session.statement(name, sql, params.length, true);
        if (session.dryRun()) {
            return List.of();
        }
        try (PreparedStatement statement = prepare(session.connection(name));
             ResultSet rows = statement.executeQuery()) {
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

    private String connectionName(Session session) {
        return connection == null ? session.defaultConnectionName() : connection;
    }

    private PreparedStatement prepare(Connection jdbc) throws SQLException {
        PreparedStatement statement = jdbc.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }
}
