package koldy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code Db.insert("users").set("email", email).set("name", name).exec()} */
public final class Insert extends TableStatement<Insert> {

    private final Map<String, Object> values = new LinkedHashMap<>();

    Insert(String connection, String table) {
        super(connection, table);
    }

    public Insert set(String column, Object value) {
        values.put(identifier(column, "column"), value);
        return this;
    }

    @Override
    public Insert where(String condition, Object... params) {
        throw new UnsupportedOperationException("An INSERT has no WHERE");
    }

    @Override
    String sql(List<Object> params) {
        if (values.isEmpty()) {
            throw new IllegalStateException("Db.insert(\"" + table + "\") needs at least one set(column, value)");
        }
        params.addAll(values.values());
        return "INSERT INTO " + table + " (" + String.join(", ", values.keySet()) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(values.size(), "?")) + ")";
    }
}
