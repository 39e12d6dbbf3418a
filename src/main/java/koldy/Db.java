package koldy;

/**
 * What a migration uses to talk to the database: {@code Db.query("ALTER TABLE ...").exec()}.
 * Statements run on the migration's connection (the first configured one unless the migration
 * names another), inside its transaction.
 */
public final class Db {

    private Db() {
    }

    /** A statement on the migration's connection; {@code ?} placeholders take {@code params} in order. */
    public static Query query(String sql, Object... params) {
        return new Query(null, sql, params);
    }

    /** Another configured connection, e.g. {@code Db.connection("admin").query(...)}. */
    public static DbConnection connection(String name) {
        return new DbConnection(name);
    }

    /** A named connection, as seen from a migration. */
    public static final class DbConnection {
        private final String name;

        private DbConnection(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public Query query(String sql, Object... params) {
            return new Query(name, sql, params);
        }
    }
}
