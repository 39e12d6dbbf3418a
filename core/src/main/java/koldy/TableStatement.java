package koldy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import koldy.internal.CurrentSession;

/**
 * What the INSERT, UPDATE and DELETE builders share: a validated table name, a connection, and
 * WHERE conditions whose values are bound parameters.
 */
abstract class TableStatement<T extends TableStatement<T>> {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    final String connection;
    final String table;
    final List<String> conditions = new ArrayList<>();
    final List<Object> conditionParams = new ArrayList<>();

    /** Where the migration built it, for the report of a statement built and never run. */
    private final String builtAt;

    TableStatement(String connection, String table) {
        this.connection = connection;
        this.table = identifier(table, "table");
        this.builtAt = CurrentSession.built(this);
    }

    /** {@code Db.insert("users") at 1700000100_Seed.java:12}, as a report names it. */
    @Override
    public String toString() {
        return "Db." + getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + "(\"" + table + "\")"
                + (builtAt == null ? "" : " at " + builtAt);
    }

    /** Adds a condition, e.g. {@code where("created_at < ?", cutoff)}; several are joined with AND. */
    @SuppressWarnings("unchecked")
    public T where(String condition, Object... params) {
        conditions.add("(" + condition + ")");
        conditionParams.addAll(List.of(params == null ? new Object[0] : params));
        return (T) this;
    }

    String whereClause() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    static String identifier(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain " + what + " name: '" + name
                    + "' (letters, digits and _, optionally schema.name)");
        }
        return name;
    }

    /** Runs the statement: the number of affected rows. */
    public int exec() {
        List<Object> params = new ArrayList<>();
        String sql = sql(params);
        CurrentSession.get().ran(this);
        return new Query(connection, sql, params.toArray(), false).exec();
    }

    abstract String sql(List<Object> params);
}
