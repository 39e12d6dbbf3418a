package koldy.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import koldy.HistoryRow;
import koldy.KoldyException;
import koldy.KoldyException.Reason;
import koldy.MigrationFile;
import koldy.RunState;
import koldy.dialect.Dialect;
import koldy.dialect.HistorySql;
import koldy.util.Log;

/**
 * The migration history: the {@code koldy_migration} table (Koldy PHP's columns plus koldy's
 * checksum) and, beside it, koldy's own {@code <table>_run} table. Created on first use, adopted
 * and extended when Koldy PHP made it, never dropped or recreated.
 * <p>Koldy PHP reads every row of {@code koldy_migration} as executed, so that table only ever
 * holds migrations both tools agree are executed. A run that cannot be atomic (MySQL DDL, a
 * no-transaction migration) keeps its state in the run table instead:
 * {@link RunState#RUNNING} before a migration starts, then a row in {@code koldy_migration}
 * when it completes (the started row, finished now, is deleted once per run), or
 * {@link RunState#FAILED} with its error; a rollback moves the executed row out as
 * {@link RunState#REVERTING} before it starts, and deletes it when done or marks it
 * {@link RunState#REVERT_FAILED}. A crash or an error half way so leaves a record koldy sees
 * and Koldy PHP cannot take for executed.
 */
public final class HistoryTable {

    /** Added to {@code koldy_migration}, nullable, so Koldy PHP's inserts keep working. */
    private static final String CHECKSUM_COLUMN = "script_checksum";
    private static final String CHECKSUM_TYPE = "char(64)";
    /** The columns both tables share, in this order in every statement below. */
    private static final String ROW = "script, script_timestamp, script_executed_at, script_execution_duration,"
            + " script_checksum";

    private static final int MAX_ERROR_LENGTH = 4000;

    private static final Log LOG = Log.of(HistoryTable.class);

    private final Dialect dialect;
    private final String table;
    private final String runTable;
    private final String fence;
    /**
     * How reads and writes address the two tables: qualified by the schema or database the
     * session was in when the run first looked at them, before any migration could change it.
     * Both tables live there; null until then.
     */
    private String address;
    private String runAddress;

    public HistoryTable(Dialect dialect, String table) {
        this(dialect, table, null, null, null);
    }

    private HistoryTable(Dialect dialect, String table, String fence, String address, String runAddress) {
        this.dialect = dialect;
        this.table = table;
        this.runTable = table + "_run";
        this.fence = fence;
        this.address = address;
        this.runAddress = runAddress;
    }

    /**
     * This history, with every first write of a change conditional on the run lock's fence (see
     * {@link koldy.lock.RunLock#fence}): after the lock was lost, a change changes no row.
     */
    public HistoryTable fencedBy(String lockFence) {
        return new HistoryTable(dialect, table, lockFence, address, runAddress);
    }

    private String andFence() {
        return fence == null ? "" : " AND " + fence;
    }

    /**
     * Creates the tables, or brings existing ones to koldy's shape, in one transaction (its own:
     * it is called between migrations, with none open).
     */
    public void ensure(Connection connection, koldy.RunListener listener) throws SQLException {
        Map<String, String> columns = lookUp(connection);
        boolean runTableExists = !lookUpRunTable(connection).isEmpty();
        List<String> statements = new ArrayList<>();
        if (columns.isEmpty()) {
            statements.addAll(dialect.history().createTable(table, CHECKSUM_COLUMN + " " + CHECKSUM_TYPE));
            listener.on(new koldy.RunEvent.Note("Creating migration history table " + table, false));
        } else {
            statements.addAll(dialect.history().widenTimestamp(table, columns.get("script_timestamp")));
            if (!columns.containsKey(CHECKSUM_COLUMN)) {
                statements.add("ALTER TABLE " + table + " ADD COLUMN " + CHECKSUM_COLUMN + " " + CHECKSUM_TYPE);
            }
            if (!statements.isEmpty()) {
                listener.on(new koldy.RunEvent.Note("Adopting existing migration history table " + table
                        + " (adding koldy's columns)", false));
                if (!hasUniqueScript(connection)) {
                    // Koldy PHP's table has none. With it, a second insert of one script fails
                    // instead of recording a migration twice, whatever happened to the run lock.
                    statements.add("CREATE UNIQUE INDEX u_" + table + "_script ON " + table + " (script)");
                }
            }
        }
        if (runTableExists) {
            statements.add(forgetFinishedRuns()); // of a run that stopped before it could
        } else {
            statements.add("CREATE TABLE " + runTable + " (script varchar(255) not null primary key, id bigint,"
                    + " script_timestamp bigint not null, script_executed_at " + dialect.history().executedAtType()
                    + " not null, script_execution_duration integer not null, script_checksum " + CHECKSUM_TYPE
                    + ", script_status varchar(16) not null, script_error text)" + dialect.history().tableOptions());
        }
        if (statements.isEmpty()) {
            return;
        }
        atomically(connection, () -> {
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    LOG.debug("{}", sql);
                    statement.execute(sql);
                }
            }
            return true;
        });
    }

    /**
     * The table's columns (empty when it does not exist); fixes both tables' addresses on the
     * first call. Every read and every {@link #ensure} starts here.
     */
    private Map<String, String> lookUp(Connection connection) throws SQLException {
        HistorySql.TableShape shape = dialect.history().shape(connection, table);
        if (address == null) {
            address = dialect.history().qualified(shape.schema(), table);
            runAddress = dialect.history().qualified(shape.schema(), runTable);
        }
        return shape.columns();
    }

    /**
     * The catalogue shows a user only the tables it may use: a history table this user cannot read
     * looks missing, and every executed migration would look pending. So a table the catalogue
     * does not show is asked for directly: only "no such table" means there is none.
     *
     * @return whether the table is there after all, created by another run just now (the catalogue
     *         shows it when asked again)
     */
    private boolean appearedDespiteTheCatalogue(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery(dialect.onPrimary("SELECT 1 FROM " + address + " WHERE 1 = 0")).close();
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (state.equals("42P01") || state.equals("42S02") || message.contains("no such table")) {
                return false; // there is none yet
            }
            throw KoldyException.config("The history table " + address + " cannot be read by this connection's"
                    + " user (" + koldy.util.Text.firstLine(e.getMessage()) + "), so koldy cannot tell what is executed."
                    + " Nothing was run. Grant it SELECT on " + table + " and " + runTable + " (and INSERT, UPDATE,"
                    + " DELETE to migrate), or connect as their owner.");
        }
        if (!lookUp(connection).isEmpty()) {
            return true; // another run created it since the catalogue was asked (they start at once)
        }
        throw KoldyException.config("The history table " + address + " can be read, but this connection's user"
                + " cannot see its columns in the catalogue, so koldy cannot tell what is executed. Nothing was run."
                + " Grant it SELECT on " + table + ", or connect as its owner.");
    }

    /** The run table's columns (empty when it does not exist). */
    private Map<String, String> lookUpRunTable(Connection connection) throws SQLException {
        return dialect.history().shape(connection, runTable).columns();
    }

    /** Whether some unique index of the table covers exactly {@code script}. */
    private boolean hasUniqueScript(Connection connection) throws SQLException {
        Map<String, List<String>> uniqueIndexes = new java.util.HashMap<>();
        String name = dialect.history().catalogName(table);
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
     * Every row in execution order (oldest first): the executed ones, then runs that did not
     * complete (a rollback's where the migration stood in that order). Empty when the table does
     * not exist. Reads the tables as they are, so a Koldy PHP table that koldy has not extended
     * yet reads as executed rows.
     */
    public List<HistoryRow> read(Connection connection) throws SQLException {
        Map<String, String> columns = lookUp(connection);
        if (columns.isEmpty()) {
            if (!appearedDespiteTheCatalogue(connection)) {
                return List.of();
            }
            columns = lookUp(connection);
        }
        List<HistoryRow> rows = new ArrayList<>();
        // A Koldy PHP table koldy has not extended yet has no checksum; its rows are all executed.
        long lastId = readRows(connection, "SELECT id, script, script_timestamp, script_executed_at,"
                + " script_execution_duration, " + (columns.containsKey(CHECKSUM_COLUMN) ? CHECKSUM_COLUMN : "NULL")
                + ", NULL, NULL FROM " + address + " ORDER BY id", table, rows, 0);
        if (lookUpRunTable(connection).isEmpty()) {
            return rows;
        }
        List<HistoryRow> unfinished = new ArrayList<>();
        readRows(connection, "SELECT id, " + ROW + ", script_status, script_error FROM " + runAddress
                + " ORDER BY CASE WHEN id IS NULL THEN 1 ELSE 0 END, id, script_timestamp, script", runTable, unfinished,
                lastId);
        if (!unfinished.isEmpty()) {
            // A running row beside its executed one is a completed run's, not yet deleted.
            java.util.Set<String> executed = new java.util.HashSet<>();
            rows.forEach(row -> executed.add(row.script()));
            unfinished.removeIf(row -> executed.contains(row.script()));
            rows.addAll(unfinished);
            rows.sort(java.util.Comparator.comparingLong(HistoryRow::id));
        }
        return rows;
    }

    /**
     * Adds the query's rows, read in id order, ids first; a row without an id (a migration that
     * never completed) gets the next after every id read. Returns the highest id read or given.
     */
    private long readRows(Connection connection, String select, String from, List<HistoryRow> rows, long lastId)
            throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(dialect.onPrimary(select))) {
            while (rs.next()) {
                long id = rs.getLong(1);
                id = rs.wasNull() ? ++lastId : id;
                String script = required(from, id, "script", rs.getString(2));
                long timestamp = rs.getLong(3);
                required(from, id, "script_timestamp", rs.wasNull() ? null : "set");
                String executedAt = required(from, id, "script_executed_at", executedAt(dialect.history().executedAt(rs, 4)));
                String checksum = rs.getString(6);
                rows.add(new HistoryRow(id, script.trim(), timestamp, executedAt, rs.getLong(5),
                        checksum == null ? null : checksum.trim(), state(from, id, rs.getString(7)), rs.getString(8)));
                lastId = Math.max(lastId, id);
            }
        }
        return lastId;
    }

    /** The time recorded in {@code script_executed_at}: UTC, to the second, as Koldy PHP writes it. */
    public static LocalDateTime now() {
        return LocalDateTime.now(java.time.ZoneOffset.UTC).withNano(0);
    }

    /** A run's state as stored, null for none; a word koldy never writes means the row was edited by hand. */
    private static RunState state(String table, long id, String word) {
        RunState state = word == null ? null : RunState.of(word.trim());
        if (word != null && state == null) {
            throw new KoldyException(Reason.HISTORY_DAMAGED, "The history table " + table + " has a row (id " + id
                    + ") whose script_status is '" + word + "', which koldy never writes: it was edited by hand or"
                    + " is damaged. Set it to one of running, failed, reverting, revert-failed, or delete that row,"
                    + " then run the command again.");
        }
        return state;
    }

    /** A value every row must have; a row without it was edited by hand or is damaged. */
    private static String required(String table, long id, String column, String value) {
        if (value == null || value.isBlank()) {
            throw new KoldyException(Reason.HISTORY_DAMAGED, "The history table " + table + " has a row (id "
                    + id + ") without "
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
            return HistorySql.SECONDS.format(dateTime);
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return HistorySql.SECONDS.format(timestamp.toLocalDateTime());
        }
        String text = value == null ? null : value.toString();
        return text != null && text.length() > 19 ? text.substring(0, 19) : text;
    }

    /**
     * Records a migration as executed, in {@code koldy_migration}.
     *
     * @return false when the fence kept the row out
     */
    public boolean recordExecuted(Connection connection, MigrationFile file, LocalDateTime executedAtUtc,
                           long durationSeconds) throws SQLException {
        return insert(connection, address, file, executedAtUtc, durationSeconds, null);
    }

    /**
     * Records that a migration that cannot be atomic is starting ({@link RunState#RUNNING}), in
     * the run table, where Koldy PHP cannot take it for executed.
     *
     * @return false when the fence kept the row out
     */
    public boolean recordStarted(Connection connection, MigrationFile file, LocalDateTime startedAtUtc) throws SQLException {
        return insert(connection, runAddress, file, startedAtUtc, 0, RunState.RUNNING);
    }

    /**
     * Whether {@link #recordExecutedAndCommit} can write a row and commit in one round trip: the
     * history is fenced, and this database can fail a statement on the fence.
     */
    public boolean commitsWithRow() {
        return fence != null && dialect.history().failUnless(fence) != null;
    }

    /**
     * Records a migration as executed and commits its transaction, in one round trip instead of
     * two ({@link #commitsWithRow} must hold). After a lost lock the INSERT fails, so the COMMIT
     * behind it is never run and the transaction stays open, failed, for the caller to roll back.
     */
    public void recordExecutedAndCommit(Connection connection, MigrationFile file, LocalDateTime executedAtUtc,
                                        long durationSeconds) throws SQLException {
        String sql = "INSERT INTO " + address + " (" + ROW + ") SELECT ?, ?, ?, ?, ?" + dialect.history().fromNoTable()
                + " WHERE " + dialect.history().failUnless(fence) + "; COMMIT";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bindRow(statement, file, executedAtUtc, durationSeconds);
            statement.executeUpdate();
        }
    }

    /**
     * {@link #recordExecutedAndCommit} behind a migration's last statement, all in one round trip
     * (a batch of three: the statement, the row, COMMIT), so that a one-statement migration costs
     * one round trip, as a client running the statement alone does. The row's values are literals
     * (a batch of plain statements binds none; a script's name holds letters, digits, '_' and '-'),
     * and its duration is the transaction's, timed by the server: it includes that last statement.
     * A failure leaves the transaction open, failed, for the caller to roll back.
     */
    public void runRecordAndCommit(Connection connection, String lastStatement, MigrationFile file,
                                   LocalDateTime executedAtUtc) throws SQLException {
        String row = "INSERT INTO " + address + " (" + ROW + ") SELECT " + quoted(file.script()) + ", " + file.timestamp()
                + ", " + dialect.history().executedAtLiteral(executedAtUtc) + ", "
                + dialect.history().secondsSinceTransactionStart() + ", " + quoted(file.checksum())
                + dialect.history().fromNoTable() + " WHERE " + dialect.history().failUnless(fence);
        try (Statement batch = connection.createStatement()) {
            batch.addBatch(lastStatement);
            batch.addBatch(row);
            batch.addBatch("COMMIT");
            batch.executeBatch();
        } catch (java.sql.BatchUpdateException e) {
            // the driver's own error, not its batch wrapper's ("Batch entry 0 ... was aborted")
            throw e.getNextException() != null ? e.getNextException() : e;
        }
    }

    private static String quoted(String text) {
        return text == null ? "NULL" : "'" + text.replace("'", "''") + "'";
    }

    private boolean insert(Connection connection, String into, MigrationFile file, LocalDateTime executedAtUtc,
                           long durationSeconds, RunState status) throws SQLException {
        String columns = status == null ? ROW : ROW + ", script_status";
        String values = status == null ? "?, ?, ?, ?, ?" : "?, ?, ?, ?, ?, ?";
        String sql = "INSERT INTO " + into + " (" + columns + ") " + (fence == null ? "VALUES (" + values + ")"
                : "SELECT " + values + dialect.history().fromNoTable() + " WHERE " + fence);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bindRow(statement, file, executedAtUtc, durationSeconds);
            if (status != null) {
                statement.setString(6, status.word());
            }
            return statement.executeUpdate() > 0;
        }
    }

    /** The five values of {@link #ROW}, as parameters 1 to 5. */
    private void bindRow(PreparedStatement statement, MigrationFile file, LocalDateTime executedAtUtc,
                         long durationSeconds) throws SQLException {
        statement.setString(1, file.script());
        statement.setLong(2, file.timestamp());
        statement.setObject(3, dialect.history().executedAtValue(executedAtUtc));
        statement.setLong(4, durationSeconds);
        statement.setString(5, file.checksum());
    }

    /**
     * Records this run's started migration ({@link RunState#RUNNING}) as executed, in
     * {@code koldy_migration}, in one statement. False when its row is not in that state, i.e. not
     * this run's to complete; then nothing changed. The {@code running} row stays behind, finished
     * (a row of {@code koldy_migration} says so), until {@link #forgetFinishedRuns}: one statement
     * per run instead of one per migration.
     */
    public boolean completeStarted(Connection connection, String script, LocalDateTime executedAtUtc, long durationSeconds)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + address + " (" + ROW
                + ") SELECT script, script_timestamp, ?, ?, script_checksum FROM " + runAddress
                + " WHERE script = ? AND script_status = ?" + andFence())) {
            statement.setObject(1, dialect.history().executedAtValue(executedAtUtc));
            statement.setLong(2, durationSeconds);
            statement.setString(3, script);
            statement.setString(4, RunState.RUNNING.word());
            return statement.executeUpdate() > 0;
        }
    }

    /** Deletes the {@code running} rows of migrations that completed ({@link #completeStarted}). */
    public void forgetFinishedRuns(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(forgetFinishedRuns());
        }
    }

    private String forgetFinishedRuns() {
        return "DELETE FROM " + runAddress + " WHERE script_status = '" + RunState.RUNNING.word()
                + "' AND script IN (SELECT script FROM " + address + ")";
    }

    /**
     * Records that the rollback of an executed migration that cannot be atomic is starting: moves
     * its row to the run table as {@link RunState#REVERTING}, in one transaction, keeping its id (its
     * place in the execution order). False when it is not executed; then nothing changed.
     */
    public boolean startRevert(Connection connection, String script) throws SQLException {
        return atomically(connection, () -> {
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + runAddress + " (id, "
                    + ROW + ", script_status) SELECT id, " + ROW + ", ? FROM " + address + " WHERE script = ?"
                    + andFence())) {
                statement.setString(1, RunState.REVERTING.word());
                statement.setString(2, script);
                if (statement.executeUpdate() == 0) {
                    return false;
                }
            }
            return delete(connection, address, script, "");
        });
    }

    /** Ends a rollback started with {@link #startRevert}: false when its row is not in that state. */
    public boolean completeRevert(Connection connection, String script) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + runAddress
                + " WHERE script = ? AND script_status = ?" + andFence())) {
            statement.setString(1, script);
            statement.setString(2, RunState.REVERTING.word());
            return statement.executeUpdate() > 0;
        }
    }

    /**
     * Records that a started run failed: moves its run-table row from the direction's started
     * state to its failed state, with the error; false when the row is not in the started state.
     * The condition keeps a run from overwriting a row that another run wrote.
     */
    public boolean markFailed(Connection connection, String script, Direction direction, String error)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE " + runAddress
                + " SET script_status = ?, script_error = ? WHERE script = ? AND script_status = ?" + andFence())) {
            statement.setString(1, direction.failed().word());
            statement.setString(2, error == null || error.length() <= MAX_ERROR_LENGTH ? error
                    : error.substring(0, MAX_ERROR_LENGTH));
            statement.setString(3, script);
            statement.setString(4, direction.started().word());
            return statement.executeUpdate() > 0;
        }
    }

    /**
     * Clears the record of a run that did not complete: a migration that failed becomes pending
     * again; one whose rollback failed counts as executed again, in its old place.
     */
    public void clearFailed(Connection connection, HistoryRow row) throws SQLException {
        atomically(connection, () -> {
            if (row.failedReverting()) {
                try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + address + " (id, "
                        + ROW + ") SELECT id, " + ROW + " FROM " + runAddress + " WHERE script = ?")) {
                    statement.setString(1, row.script());
                    statement.executeUpdate();
                }
            }
            return deleteRun(connection, row.script());
        });
    }

    /** Forgets an executed migration (rolled back, or its file deleted); false when there was no row. */
    public boolean forget(Connection connection, String script) throws SQLException {
        return delete(connection, address, script, andFence());
    }

    private boolean deleteRun(Connection connection, String script) throws SQLException {
        return delete(connection, runAddress, script, "");
    }

    private static boolean delete(Connection connection, String from, String script, String condition)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + from + " WHERE script = ?"
                + condition)) {
            statement.setString(1, script);
            return statement.executeUpdate() > 0;
        }
    }

    public void updateChecksum(Connection connection, String script, String checksum) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE " + address + " SET script_checksum = ? WHERE script = ?")) {
            statement.setString(1, checksum);
            statement.setString(2, script);
            statement.executeUpdate();
        }
    }

    /**
     * Runs a change of both tables as one transaction: the caller's when one is open (a
     * migration's), else its own, rolled back when the change finds its rows not as expected.
     * Its first statement is the conditional one, so a false answer has changed nothing.
     */
    static boolean atomically(Connection connection, Change change) throws SQLException {
        if (!connection.getAutoCommit()) {
            return change.run();
        }
        connection.setAutoCommit(false);
        try {
            boolean done = change.run();
            if (done) {
                connection.commit();
            } else {
                connection.rollback();
            }
            return done;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @FunctionalInterface
    interface Change {
        boolean run() throws SQLException;
    }
}
