package koldy.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** PostgreSQL's history tables: a schema each, found as the session's current schema finds it. */
final class PostgresHistorySql extends HistorySql {

    private final PostgresDialect dialect;

    PostgresHistorySql(PostgresDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    String idColumn() {
        return "id bigserial primary key";
    }

    @Override
    public String executedAtType() {
        return "timestamp";
    }

    @Override
    public List<String> widenTimestamp(String table, String currentType) {
        return "bigint".equals(currentType) ? List.of()
                : List.of("ALTER TABLE " + table + " ALTER COLUMN script_timestamp TYPE bigint");
    }

    @Override
    public TableShape shape(Connection connection, String table) throws SQLException {
        // Unquoted identifiers fold to lower case, which is how both koldy and Koldy PHP create it.
        // The catalogue itself rather than information_schema.columns, whose plan costs a new session
        // about 9 ms more (every tenant's run is a new session); the same rows: only the tables this
        // user owns or has a column privilege on, as information_schema shows them. The schema's oid
        // is found first, so the lookup is one index probe (name, schema): joined, current_schema()
        // was compared per row, and every schema's table of that name was read (2,000 tenants: 8 ms).
        TableShape shape = shapeFrom(connection, dialect.onPrimary("SELECT current_schema(), a.attname,"
                + " pg_catalog.format_type(a.atttypid, NULL) FROM pg_catalog.pg_attribute a"
                + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                + " WHERE c.relnamespace = (SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname = current_schema())"
                + " AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped"
                + " AND c.relkind IN ('r', 'p', 'v', 'f', 'm') AND (pg_catalog.pg_has_role(c.relowner, 'USAGE')"
                + " OR pg_catalog.has_any_column_privilege(c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))"
                + " UNION ALL SELECT current_schema(), NULL, NULL"), catalogName(table));
        if (shape.schema() == null) {
            // current_schema() skips the schemas a user may not use: its tables would all look missing
            throw new SQLException("this session's user may use no schema on its search_path (current_schema() is"
                    + " null), so the history table cannot be found; grant it USAGE on the schema that holds"
                    + " " + table + ", or name one it may use (currentSchema= in the URL)", "42501");
        }
        return shape;
    }

    /**
     * A text that can never be an integer, cast at run time only when the fence is false (the
     * fence reads the server's activity, so the planner cannot fold the CASE): the error names
     * what happened in the server's log too.
     */
    @Override
    public String failUnless(String fence) {
        return "(CASE WHEN " + fence + " THEN '1' ELSE 'koldy: this run lost its run lock' END)::integer = 1";
    }

    @Override
    public String secondsSinceTransactionStart() {
        return "round(extract(epoch FROM clock_timestamp() - transaction_timestamp()))::integer";
    }

    @Override
    public String catalogName(String table) {
        return table.toLowerCase(Locale.ROOT);
    }
}
