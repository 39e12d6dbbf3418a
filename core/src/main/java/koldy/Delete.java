package koldy;

import java.util.List;

/** {@code Db.delete("sessions").where("expires_at < ?", now).exec()} */
public final class Delete extends TableStatement<Delete> {

    private boolean everyRow;

    Delete(String connection, String table) {
        super(connection, table);
    }

    /** Deletes every row; without it (or a where), exec() refuses, so no one empties a table by accident. */
    public Delete all() {
        everyRow = true;
        return this;
    }

    @Override
    String sql(List<Object> params) {
        if (conditions.isEmpty() && !everyRow) {
            throw new IllegalStateException("Db.delete(\"" + table + "\") without where(...): call all() to delete"
                    + " every row");
        }
        params.addAll(conditionParams);
        return "DELETE FROM " + table + whereClause();
    }
}
