package koldy.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The history tables in one database's SQL: their DDL, from one template with this database's
 * types in its slots; how the catalogue shows a table; how a table is addressed; and how the
 * time column is written and read. The runner's history table builds every statement from this,
 * so it never names a database.
 */
public abstract class HistorySql {

    /**
     * Statements creating the history table: Koldy PHP's columns in this database's types (with a
     * 64-bit {@code script_timestamp} and a unique {@code script}), plus {@code extraColumns},
     * a column-definition list koldy adds.
     */
    public final List<String> createTable(String table, String extraColumns) {
        String keys = keys(table);
        return List.of("CREATE TABLE " + table + " (" + idColumn() + ", script varchar(255) not null"
                + (keys.isEmpty() ? " unique" : "") + ", script_timestamp " + bigInteger() + " not null,"
                + " script_executed_at " + executedAtType() + " not null, script_execution_duration " + integer()
                + " not null, " + extraColumns + keys + ")" + tableOptions());
    }

    /** The {@code id} column: an auto-incremented primary key. */
    abstract String idColumn();

    /** A 64-bit integer type. */
    String bigInteger() {
        return "bigint";
    }

    /** The integer type Koldy PHP gives {@code script_execution_duration}. */
    String integer() {
        return "integer";
    }

    /**
     * Keys declared after the columns, starting with ", " ({@code PRIMARY KEY}, a named unique
     * key on {@code script}); empty where the columns declare them themselves.
     */
    String keys(String table) {
        return "";
    }

    /** The type of {@code script_executed_at} in this database: Koldy PHP's. */
    public abstract String executedAtType();

    /** What follows the column list of a table koldy creates (MySQL: InnoDB, for transactions). */
    public String tableOptions() {
        return "";
    }

    /**
     * Statements widening an existing table's {@code script_timestamp} to 64 bits, when its type
     * (as {@link #shape} reports it) is narrower; Koldy PHP created it as a 32-bit int.
     */
    public List<String> widenTimestamp(String table, String currentType) {
        return List.of();
    }

    /**
     * The table as this session finds it: the schema (PostgreSQL) or database (MySQL) the session
     * is in, null where there is no such thing, and the table's columns (lower-case name →
     * lower-case type), empty when the table does not exist. Reads the catalogue in one query;
     * never relies on a failing query.
     */
    public abstract TableShape shape(Connection connection, String table) throws SQLException;

    /** See {@link #shape}. */
    public record TableShape(String schema, Map<String, String> columns) {
    }

    /**
     * Runs a catalogue query whose rows are (schema the session is in, column name, column type)
     * for one table, bound as its one parameter; a row with a null column name only names the schema.
     */
    static TableShape shapeFrom(Connection connection, String sql, String table) throws SQLException {
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
        return new TableShape(schema, columns);
    }

    /**
     * The table's name qualified by a schema from {@link #shape}, so that a migration that changes
     * the session's {@code search_path} (every pg_dump does) or runs {@code USE} cannot move the
     * bookkeeping to another table.
     */
    public String qualified(String schema, String table) {
        return schema == null ? table : '"' + schema.replace("\"", "\"\"") + "\"." + table;
    }

    /** How the catalogue spells an unquoted table name (PostgreSQL folds it to lower case). */
    public String catalogName(String table) {
        return table;
    }

    /** What a SELECT of values alone needs before a WHERE ({@code FROM DUAL} on MySQL). */
    public String fromNoTable() {
        return "";
    }

    /**
     * A condition that is true when {@code fence} is and otherwise fails the statement it is in,
     * or null where this database has none that is sure to fail. With one, a history row's INSERT
     * may carry the COMMIT in the same round trip: after a lost lock the INSERT fails, and the
     * COMMIT behind it never runs. A fence that merely inserts no row cannot carry it: the COMMIT
     * would then commit the migration without its row.
     */
    public String failUnless(String fence) {
        return null;
    }

    /**
     * SQL for the seconds since the transaction began, by the server's clock (with {@link
     * #failUnless}: a row that commits with its migration's last statement times that statement too).
     */
    public String secondsSinceTransactionStart() {
        throw new UnsupportedOperationException("no fence that fails on this database");
    }

    /** How {@code script_executed_at} reads as text: to the second, as Koldy PHP writes it. */
    public static final java.time.format.DateTimeFormatter SECONDS =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    /** {@code script_executed_at}'s value for a UTC time, as an SQL literal. */
    public String executedAtLiteral(LocalDateTime utc) {
        return "TIMESTAMP '" + SECONDS.format(utc) + "'";
    }

    /** The JDBC value stored in {@code script_executed_at} for a UTC time. */
    public Object executedAtValue(LocalDateTime utc) {
        return utc;
    }

    /**
     * {@code script_executed_at} as stored: a UTC date-time, read without the JVM's time zone
     * (through {@code java.sql.Timestamp} a wall-clock time that the local zone skips at a
     * daylight-saving change would move by an hour).
     */
    public Object executedAt(ResultSet row, int column) throws SQLException {
        return row.getObject(column, LocalDateTime.class);
    }
}
