package koldy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code Db.update("users").set("active", 0).where("last_login < ?", cutoff).exec()} */
public final class Update extends TableStatement<Update> {

    private final Map<String, Object> values = new LinkedHashMap<>();
    private boolean everyRow;

    Update(String connection, String table) {
        super(connection, table);
    }

    public Update set(String column, Object value) {
        values.put(identifier(column, "column"), value);
        return this;
    }

    /** Updates every row; without it (or a where), exec() refuses, so no one updates a table by accident. */
    public Update all() {
        everyRow = true;
        return this;
    }

    @Override
    String sql(List<Object> params) {
        if (values.isEmpty()) {
            throw new IllegalStateException("Db.update(\"" + table + "\") needs at least one set(column, value)");
        }
        if (conditions.isEmpty() && !everyRow) {
            throw new IllegalStateException("Db.update(\"" + table + "\") without where(...): call all() to update"
                    + " every row");
        }
        params.addAll(values.values());
        params.addAll(conditionParams);
        StringBuilder sql = new StringBuilder("UPDATE ").append(table).append(" SET ");
        int i = 0;
        for (String column : values.keySet()) {
            sql.append(i++ == 0 ? "" : ", ").append(column).append(" = ?");
        }
        return sql.append(whereClause()).toString();
    }
}
