package koldy.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import koldy.KoldyException;
import koldy.dialect.Dialect;

/**
 * The {@code koldy_migration} table: Koldy PHP's columns plus koldy's own. Created on first use,
 * adopted and extended when Koldy PHP made it, never dropped or recreated.
 * <p>koldy's columns: {@code script_checksum} (SHA-256 of the file; null in Koldy PHP's rows),
 * and for runs that cannot be atomic (MySQL DDL) {@code script_status} and {@code script_error}:
 * a row is written as {@code running} before such a migration starts, so a crash or an error
 * half way leaves a visible record. A null status means executed, as in Koldy PHP's rows.
 */
final class HistoryTable {

    static final String RUNNING = "running";
    static final String FAILED = "failed";
    static final String REVERTING = "reverting";
    static final String REVERT_FAILED = "revert-failed";

    /** Added to every history table, in portable types; order matters only for new tables. */
    private static final Map<String, String> KOLDY_COLUMNS = new java.util.LinkedHashMap<>();

    static {
        KOLDY_COLUMNS.put("script_checksum", "char(64)");
        KOLDY_COLUMNS.put("script_status", "varchar(16)");
        KOLDY_COLUMNS.put("script_error", "text");
    }

    private static final int MAX_ERROR_LENGTH = 4000;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private static final Logger LOG = LogManager.getLogger(HistoryTable.class);

    private final Dialect dialect;
    private final String table;
    private final String fence;
    /**
     * How reads and writes address the table: qualified by the schema or database the session was
     * in when the run first looked at the table, before any migration could change it.
     */
    private String address;

    HistoryTable(Dialect dialect, String table) {
        this(dialect, table, null, table);
    }

    private HistoryTable(Dialect dialect, String table, String fence, String address) {
        this.dialect = dialect;
        this.table = table;
        this.fence = fence;
        this.address = address;
    }

    /**
     * This table, with every write conditional on the run lock's fence (see
     * {@link koldy.lock.RunLock#fence}): a write after the lock was lost changes no row.
     */
    HistoryTable fencedBy(String lockFence) {
        return new HistoryTable(dialect, table, lockFence, address);
    }

    private String andFence() {
        return fence == null ? "" : " AND " + fence;
    }

    /** Creates the table, or brings an existing one to koldy's shape. Commits what it does. */
    void ensure(Connection connection) throws SQLException {
        Map<String, String> columns = lookUp(connection);
        List<String> statements;
        if (columns.isEmpty()) {
            List<String> extra = new ArrayList<>();
            KOLDY_COLUMNS.forEach((name, type) -> extra.add(name + " " + type));
            statements = dialect.createHistoryTable(table, String.join(", ", extra));
            LOG.info("Creating migration history table {}", table);
        } else {
            statements = new ArrayList<>(dialect.widenTimestamp(table, columns.get("script_timestamp")));
            KOLDY_COLUMNS.forEach((name, type) -> {
                if (!columns.containsKey(name)) {
                    statements.add("ALTER TABLE " + table + " ADD COLUMN " + name + " " + type);
                }
            });
            if (!statements.isEmpty()) {
                LOG.info("Adopting existing migration history table {} (adding koldy's columns)", table);
                if (!hasUniqueScript(connection)) {
                    // Koldy PHP's table has none. With it, a second insert of one script fails
                    // instead of recording a migration twice, whatever happened to the run lock.
                    statements.add("CREATE UNIQUE INDEX u_" + table + "_script ON " + table + " (script)");
                }
            }
        }
        if (statements.isEmpty()) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                LOG.debug("{}", sql);
                statement.execute(sql);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The table's columns (empty when it does not exist); fixes its address on the first call. */
    private Map<String, String> lookUp(Connection connection) throws SQLException {
        Dialect.TableShape shape = dialect.historyTable(connection, table);
        if (address.equals(table)) {
            address = dialect.qualified(shape.schema(), table);
        }
        return shape.columns();
    }

    /** Whether some unique index of the table covers exactly {@code script}. */
    private boolean hasUniqueScript(Connection connection) throws SQLException {
        Map<String, List<String>> uniqueIndexes = new java.util.HashMap<>();
        String name = dialect.catalogName(table);
        try (ResultSet rs = connection.getMetaData().getIndexInfo(connection.getCatalog(), connection.getSchema(),
                name, true, false)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (index != null && column != null) {
                    uniqueIndexes.computeIfAbsent(index, k -> new ArrayList<>())
                            .add(column.toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return uniqueIndexes.values().stream().anyMatch(columns -> columns.equals(List.of("script")));
    }

    /**
     * Every row in execution order (oldest first); empty when the table does not exist. Reads a
     * table as it is, so a Koldy PHP table that koldy has not extended yet reads as executed rows.
     */
    List<HistoryRow> read(Connection connection) throws SQLException {
        Map<String, String> columns = lookUp(connection);
        if (columns.isEmpty()) {
            return List.of();
        }
        StringBuilder select = new StringBuilder("SELECT id, script, script_timestamp, script_executed_at,"
                + " script_execution_duration");
        for (String koldyColumn : KOLDY_COLUMNS.keySet()) {
            select.append(", ").append(columns.containsKey(koldyColumn) ? koldyColumn : "NULL");
        }
        select.append(" FROM ").append(address).append(" ORDER BY id");
        List<HistoryRow> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(select.toString())) {
            while (rs.next()) {
                long id = rs.getLong(1);
                String script = required(id, "script", rs.getString(2));
                long timestamp = rs.getLong(3);
                required(id, "script_timestamp", rs.wasNull() ? null : "set");
                String executedAt = required(id, "script_executed_at", executedAt(dialect.executedAt(rs, 4)));
                String checksum = rs.getString(6);
                rows.add(new HistoryRow(id, script.trim(), timestamp, executedAt, rs.getLong(5),
                        checksum == null ? null : checksum.trim(), rs.getString(7), rs.getString(8)));
            }
        }
        return rows;
    }

    /** The time recorded in {@code script_executed_at}: UTC, to the second, as Koldy PHP writes it. */
    static LocalDateTime now() {
        return LocalDateTime.now(java.time.ZoneOffset.UTC).withNano(0);
    }

    /** A value every row must have; a row without it was edited by hand or is damaged. */
    private String required(long id, String column, String value) {
        if (value == null || value.isBlank()) {
            throw KoldyException.config("The history table " + table + " has a row (id " + id + ") without "
                    + column + ": it was edited by hand or is damaged, and koldy cannot tell what it records."
                    + " Give it a value or delete that row, then run the command again.");
        }
        return value;
    }

    /**
     * "yyyy-MM-dd HH:mm:ss" from whatever the driver returns for the column. Not getString(): for
     * a MySQL DATETIME that builds a Calendar per row, a fifth of a no-op run with 1000 rows.
     */
    private static String executedAt(Object value) {
        if (value instanceof LocalDateTime dateTime) {
            return SECONDS.format(dateTime);
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return SECONDS.format(timestamp.toLocalDateTime());
        }
        String text = value == null ? null : value.toString();
        return text != null && text.length() > 19 ? text.substring(0, 19) : text;
    }

    /**
     * Records a migration as executed ({@code status} null), or as started ({@link #RUNNING}).
     *
     * @return false when the fence kept the row out
     */
    boolean insert(Connection connection, MigrationFile file, LocalDateTime executedAtUtc, long durationSeconds,
                   String status) throws SQLException {
        String sql = "INSERT INTO " + address + " (script, script_timestamp, script_executed_at,"
                + " script_execution_duration, script_checksum, script_status) " + (fence == null
                ? "VALUES (?, ?, ?, ?, ?, ?)" : "SELECT ?, ?, ?, ?, ?, ?" + dialect.fromNoTable() + " WHERE " + fence);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, file.script());
            statement.setLong(2, file.timestamp());
            statement.setObject(3, dialect.executedAtValue(executedAtUtc));
            statement.setLong(4, durationSeconds);
            statement.setString(5, file.checksum());
            statement.setString(6, status);
            return statement.executeUpdate() > 0;
        }
    }

    /**
     * Marks this run's started migration ({@link #RUNNING}) as executed; false when the row is not
     * in that state, i.e. not this run's to complete.
     */
    boolean complete(Connection connection, String script, LocalDateTime executedAtUtc, long durationSeconds)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE " + address
                + " SET script_status = NULL, script_error = NULL, script_executed_at = ?,"
                + " script_execution_duration = ? WHERE script = ? AND script_status = ?" + andFence())) {
            statement.setObject(1, dialect.executedAtValue(executedAtUtc));
            statement.setLong(2, durationSeconds);
            statement.setString(3, script);
            statement.setString(4, RUNNING);
            return statement.executeUpdate() > 0;
        }
    }

    /**
     * Moves a row from status {@code from} (null: executed) to {@code status} with an error; false
     * when the row is not in state {@code from}. The condition keeps a run from overwriting a row
     * that another run wrote.
     */
    boolean mark(Connection connection, String script, String from, String status, String error)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE " + address
                + " SET script_status = ?, script_error = ? WHERE script = ? AND "
                + (from == null ? "script_status IS NULL" : "script_status = ?") + andFence())) {
            statement.setString(1, status);
            statement.setString(2, error == null || error.length() <= MAX_ERROR_LENGTH ? error
                    : error.substring(0, MAX_ERROR_LENGTH));
            statement.setString(3, script);
            if (from != null) {
                statement.setString(4, from);
            }
            return statement.executeUpdate() > 0;
        }
    }

    /** Deletes a migration's row; false when there was none. */
    boolean delete(Connection connection, String script) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + address + " WHERE script = ?"
                + andFence())) {
            statement.setString(1, script);
            return statement.executeUpdate() > 0;
        }
    }

    void updateChecksum(Connection connection, String script, String checksum) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE " + address + " SET script_checksum = ? WHERE script = ?")) {
            statement.setString(1, checksum);
            statement.setString(2, script);
            statement.executeUpdate();
        }
    }
}
