package koldy.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import koldy.internal.CurrentSession;
import koldy.internal.Session;
import koldy.db.Connections;
import koldy.dialect.Sessions;
import koldy.util.Log;
import koldy.load.TransactionControl;

/**
 * The connections one migration uses while it runs, each inside its own transaction. The history
 * connection is the run's work connection, so the history row commits together with the
 * migration's changes; other named connections are borrowed on first use. {@link koldy.Db}
 * finds the session of the running migration through {@link CurrentSession#get()}.
 * <p>Internal: not part of the API a migration sees.
 */
public final class MigrationSession implements Session, AutoCloseable {

    /**
     * The migrations running in this process, for a shutdown hook to name: one at a time, or one
     * per tenant under way when tenants run in parallel (often the same script: hence sessions,
     * not names).
     */
    private static final java.util.Set<MigrationSession> IN_FLIGHT = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final Log SQL_LOG = Log.named("koldy.sql");

    private final String script;
    private final Connections connections;
    private final String defaultName;
    private final boolean transactional;
    private final boolean dryRun;
    private final java.util.function.Consumer<String> listener;
    private final String historyName;
    private final java.util.regex.Pattern historyShadow;
    private final java.time.Duration lockWaitTimeout;
    private final List<koldy.PlannedStatement> recorded = new ArrayList<>();
    /** Concurrent: the progress thread asks whom these connections wait for (waitingFor). */
    private final Map<String, Connection> open = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Connection> borrowed = new LinkedHashMap<>();
    /** Why the migration's statement was cancelled: it waited for the run's own other connection. */
    private volatile String selfBlocked;
    /**
     * Statements the migration built and has not run (yet), in the order built. A Query or a
     * builder is equal only to itself, so the set holds each one object once.
     */
    private final java.util.Set<Object> unrun = new java.util.LinkedHashSet<>();

    /**
     * @param defaultName       the connection the migration's {@code Db.query()} uses
     * @param historyConnection the run's work connection, or null for a dry run, which touches no database
     */
    MigrationSession(String script, RunSettings run, String defaultName, Connection historyConnection,
                     boolean transactional) {
        this.connections = run.connections();
        this.defaultName = defaultName;
        this.transactional = transactional;
        this.dryRun = historyConnection == null;
        this.listener = run.statementListener();
        this.historyName = run.config().historyConnection();
        this.historyShadow = historyShadow(run.config().historyTable());
        this.lockWaitTimeout = run.config().lockWaits().timeout();
        if (historyConnection != null) {
            open.put(historyName, historyConnection);
        }
        CurrentSession.runningOnThisThread(this);
        this.script = script;
        ExitGuard.install();
        IN_FLIGHT.add(this);
    }

    /**
     * The migrations this process is running now (several when tenants run in parallel), or none.
     * {@link ExitGuard} asks, so that a migration ending the process ({@code System.exit(0)})
     * cannot end it as a success, even while another tenant's finishes.
     */
    static java.util.List<String> inFlight() {
        return IN_FLIGHT.stream().map(session -> session.script).distinct().sorted().toList();
    }

    /** In a dry run, statements are recorded instead of executed, and reads return no rows. */
    @Override
    public boolean dryRun() {
        return dryRun;
    }

    /**
     * Statements that cannot change their session: definitions and row changes. Anything else
     * ({@code SET}, {@code USE}, {@code SELECT set_config(...)}, {@code CALL}, a MySQL executable
     * comment) may, and costs a reset of that session after the migration.
     */
    private static final java.util.regex.Pattern SESSION_NEUTRAL = java.util.regex.Pattern.compile(
            "(?i)\\s*(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|COMMENT|GRANT|REVOKE|TRUNCATE|RENAME)\\b");
    private static final java.util.regex.Pattern SET_CONFIG = java.util.regex.Pattern.compile("(?i)set_config");

    /** Connections on which this migration ran a statement that may have changed the session. */
    private final java.util.Set<String> changedSessions = new java.util.HashSet<>();

    /** One pattern per history table name, not one per migration (1000 migrations compiled it 1000 times). */
    private static final Map<String, java.util.regex.Pattern> SHADOWS = new java.util.concurrent.ConcurrentHashMap<>();

    private static java.util.regex.Pattern historyShadow(String table) {
        return SHADOWS.computeIfAbsent(table, MigrationSession::shadowOf);
    }

    /**
     * A temporary table named as the history or its run table: on MySQL and SQLite it hides the
     * real one from the rest of the session, and the run would record its migrations in it, to
     * vanish when the session ends (SQLite's {@code temp.} prefix is the same thing).
     */
    private static java.util.regex.Pattern shadowOf(String table) {
        String name = java.util.regex.Pattern.quote(table);
        return java.util.regex.Pattern.compile("(?i)\\s*CREATE\\s+(?:(?:GLOBAL|LOCAL)\\s+)?(?:TEMP|TEMPORARY)\\s+TABLE"
                + "\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?[`\"]?" + name + "(?:_run)?[`\"]?(?:\\s|\\(|$)"
                + "|\\s*CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?[`\"]?temp[`\"]?\\.[`\"]?" + name
                + "(?:_run)?[`\"]?(?:\\s|\\(|$)");
    }

    /** Connections whose lock waits are bounded for this migration (migrations.lock_timeout). */
    private final java.util.Set<String> bounded = new java.util.HashSet<>();

    /** Bounds a connection's lock waits before its first statement in this migration, when configured. */
    private void boundLockWaits(String connection) {
        if (dryRun || lockWaitTimeout == null || open.get(connection) == null || !bounded.add(connection)) {
            return;
        }
        try {
            if (connections.dialect(connection).sessions().boundLockWaits(open.get(connection), lockWaitTimeout, transactional)) {
                changedSessions.add(connection);
            }
        } catch (SQLException e) {
            throw new koldy.QueryException("(migrations.lock_timeout)", e);
        }
    }

    /** Called for every statement before it runs (or, in a dry run, instead of running it). */
    @Override
    public void statement(String connection, String sql, int parameterCount, boolean reads) {
        boundLockWaits(connection);
        if (connection.equals(historyName) && historyShadow.matcher(sql).lookingAt()) {
            throw new koldy.QueryException(sql, new java.sql.SQLException("a temporary table of that name would hide"
                    + " koldy's history table from this session, and the run would record its migrations in it;"
                    + " it was not run. Give the temporary table another name"));
        }
        String control = transactional ? TransactionControl.find(sql) : null;
        if (control != null) { // an SQL file's is refused when it is parsed; this is a Java migration's
            throw new koldy.QueryException(sql, new java.sql.SQLException(TransactionControl.why(control)
                    + "; it was not run. Remove it, or override transactional() to return false to run the migration"
                    + " outside a transaction"));
        }
        // by the first word, and a scan for set_config: no copy of the statement (a dump has 100,000s)
        if (!SESSION_NEUTRAL.matcher(sql).lookingAt() || SET_CONFIG.matcher(sql).find()) {
            changedSessions.add(connection);
        }
        if (dryRun) {
            recorded.add(new koldy.PlannedStatement(connection, sql, parameterCount, reads));
        } else {
            SQL_LOG.debug("[{}] {}{}", connection, sql, parameterCount == 0 ? "" : " (" + parameterCount
                    + " bound parameters)");
        }
        if (listener != null) {
            listener.accept(sql);
        }
    }

    @Override
    public void built(Object statement) {
        unrun.add(statement);
    }

    @Override
    public void ran(Object statement) {
        unrun.remove(statement);
    }

    /**
     * Refuses a migration that built a statement and never ran it ({@code Db.query(...)} without
     * {@code .exec()}): it did less than it says, and must not be recorded as done.
     */
    void refuseUnrunStatements() {
        if (!unrun.isEmpty()) {
            throw new UnrunStatements(unrun.stream().map(Object::toString).toList());
        }
    }

    /** A migration that built statements and did not run them. */
    static final class UnrunStatements extends RuntimeException {
        UnrunStatements(List<String> statements) {
            super(message(statements), null, false, false);
        }

        /** The first three by name, how many more, and how to run them. */
        private static String message(List<String> statements) {
            int count = statements.size();
            if (count == 1) {
                return statements.get(0) + " was built but never run: end it with .exec() (or .fetchAll() /"
                        + " .fetchFirst() to read rows), or remove it";
            }
            return String.join(", ", statements.subList(0, Math.min(3, count))) + (count > 3 ? " and " + (count - 3)
                    + " more" : "") + " were built but never run: end each with .exec() (or .fetchAll() /"
                    + " .fetchFirst() to read rows), or remove them";
        }
    }

    /** Whether a statement on this connection may have changed its session (SET, USE, search_path). */
    boolean mayHaveChangedSession(String connection) {
        return changedSessions.contains(connection);
    }

    /** What a dry run recorded. */
    List<koldy.PlannedStatement> recorded() {
        return recorded;
    }

    @Override
    public String defaultConnectionName() {
        return defaultName;
    }

    /** The named connection, in this migration's transaction. */
    @Override
    public Connection connection(String name) throws SQLException {
        Connection connection = open.get(name);
        if (connection == null) {
            connection = connections.borrow(name);
            connection.setAutoCommit(!transactional);
            open.put(name, connection);
            borrowed.put(name, connection);
            boundLockWaits(name);
        }
        return connection;
    }

    /**
     * Whom this migration's sessions wait for now, holding a lock they need, as the database
     * names them; null when none does. Asked from the progress thread, each database on a
     * session of its own. A blocker that is one of this migration's own connections is named as
     * such: two connections of one run to one database can wait on each other for ever.
     */
    String waitingFor() {
        Map<Long, String> own = new java.util.HashMap<>();
        Map<String, Long> ids = new LinkedHashMap<>();
        for (Map.Entry<String, Connection> entry : open.entrySet()) {
            try {
                Long id = connections.dialect(entry.getKey()).sessions().sessionId(entry.getValue());
                if (id != null) {
                    ids.put(entry.getKey(), id);
                    own.put(id, entry.getKey());
                }
            } catch (SQLException | RuntimeException e) {
                // a connection that cannot say its id is left out
            }
        }
        List<String> blockers = new ArrayList<>();
        for (Map.Entry<String, Long> waiting : ids.entrySet()) {
            Sessions dialect = connections.dialect(waiting.getKey()).sessions();
            try (Connection observer = connections.borrow(waiting.getKey())) {
                for (Map.Entry<Long, String> blocker : dialect.blockers(observer, List.of(waiting.getValue())).entrySet()) {
                    String mine = own.get(blocker.getKey());
                    if (mine == null || mine.equals(waiting.getKey())) {
                        blockers.add(blocker.getValue());
                        continue;
                    }
                    // It would wait for ever: its own other connection commits only after it.
                    selfBlocked = "its statement on connection '" + waiting.getKey() + "' waited for a lock held by"
                            + " this run's own connection '" + mine + "' (" + blocker.getValue() + "), which commits"
                            + " only after it: a migration that changes one database through two connections waits"
                            + " for itself. koldy cancelled the statement. Use one connection for both, or commit the"
                            + " other first";
                    blockers.add("this run's own connection '" + mine + "': cancelling the statement, which would"
                            + " wait for ever");
                    dialect.cancel(observer, waiting.getValue());
                }
            } catch (SQLException | RuntimeException e) {
                SQL_LOG.debug("Could not ask connection {} who blocks it: {}", waiting.getKey(), e.getMessage());
            }
        }
        return blockers.isEmpty() ? null : String.join("; ", blockers);
    }

    /** Why koldy cancelled this migration's statement (it waited for the run itself), or null. */
    String selfBlocked() {
        return selfBlocked;
    }

    /** Whether the migration used no connection but the run's work connection. */
    boolean onlyOnWorkConnection() {
        return borrowed.isEmpty();
    }

    /** Statements that may return rows: a batch, which the last statement joins, takes none. */
    private static final java.util.regex.Pattern RETURNING = java.util.regex.Pattern.compile("(?i)\\bRETURNING\\b");

    /** Whether {@link #runWithCommit} may take a statement: set by the runner for this migration. */
    private boolean commitTakesLastStatement;
    private String lastStatement;
    private java.util.function.Function<SQLException, RuntimeException> lastStatementFailure;

    /**
     * Lets {@link #runWithCommit} take the migration's last statement (an atomic migrate whose row
     * can carry its COMMIT).
     */
    void commitMayTakeLastStatement() {
        this.commitTakesLastStatement = true;
    }

    /**
     * Takes a statement that can neither change the session (the history row is written with the
     * connection's own rights and settings) nor return rows, on the history connection, when the
     * migration used no other connection and changed nothing of the session before it.
     */
    @Override
    public boolean runWithCommit(String connection, String sql, java.util.function.Function<SQLException, RuntimeException> failure) {
        if (!commitTakesLastStatement || lastStatement != null || !connection.equals(historyName) || !borrowed.isEmpty()
                || changedSessions.contains(connection) || !SESSION_NEUTRAL.matcher(sql).lookingAt()
                || SET_CONFIG.matcher(sql).find() || RETURNING.matcher(sql).find()) {
            return false;
        }
        statement(connection, sql, 0, false);
        lastStatement = sql;
        lastStatementFailure = failure;
        return true;
    }

    /** The statement {@link #runWithCommit} took, or null. */
    String lastStatement() {
        return lastStatement;
    }

    /** The migration's failure for the last statement's error. */
    RuntimeException lastStatementFailed(SQLException error) {
        return lastStatementFailure.apply(error);
    }

    /** Commits the other connections first and the history connection (with the history row) last. */
    void commit() throws SQLException {
        List<Connection> order = new ArrayList<>(borrowed.values());
        for (Connection c : open.values()) {
            if (!borrowed.containsValue(c)) {
                order.add(c);
            }
        }
        for (Connection c : order) {
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    void rollback() {
        for (Connection c : open.values()) {
            try {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            } catch (SQLException ignored) {
                // the failure being reported matters more than this one
            }
        }
    }

    @Override
    public void close() {
        CurrentSession.runningOnThisThread(null);
        IN_FLIGHT.remove(this);
        for (Map.Entry<String, Connection> entry : borrowed.entrySet()) {
            Connection c = entry.getValue();
            try {
                if (!dryRun && changedSessions.contains(entry.getKey())) {
                    // back to the pool as the pool made it, for whoever borrows it next
                    c.setAutoCommit(true);
                    connections.dialect(entry.getKey()).sessions().resetSession(c);
                }
            } catch (SQLException e) {
                SQL_LOG.debug("Could not reset a session of connection {}: {}",
                        entry.getKey(), e.getMessage());
            }
            try {
                c.close();
            } catch (SQLException ignored) {
                // returned to the pool either way
            }
        }
    }
}
