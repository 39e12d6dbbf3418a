package koldy;

import java.util.Map;
import java.util.Optional;

/**
 * What a migration uses to talk to the database: raw SQL for DDL,
 * {@code Db.query("ALTER TABLE ...").exec()}, and small builders for data changes,
 * {@code Db.insert("users").set("email", e).exec()}. Statements run on the migration's connection
 * (the first configured one unless the migration names another), inside its transaction; values
 * are always bound parameters.
 */
public final class Db {

    private static final DbConnection DEFAULT = new DbConnection(null);

    private Db() {
    }

    /** A statement on the migration's connection; {@code ?} placeholders take {@code params} in order. */
    public static Query query(String sql, Object... params) {
        return DEFAULT.query(sql, params);
    }

    public static Insert insert(String table) {
        return DEFAULT.insert(table);
    }

    public static Update update(String table) {
        return DEFAULT.update(table);
    }

    public static Delete delete(String table) {
        return DEFAULT.delete(table);
    }

    /**
     * Works through a large table in ranges of its numeric key, so each statement touches at most
     * {@code chunkSize} key values:
     * <pre>
     * Db.inChunks("users", "id", 10_000, (from, to) -&gt;
     *     Db.query("UPDATE users SET email = lower(email) WHERE id &gt;= ? AND id &lt; ?", from, to).exec());
     * </pre>
     *
     * @return the sum of what {@code chunk} returned (e.g. affected rows)
     */
    public static long inChunks(String table, String keyColumn, long chunkSize, Chunk chunk) throws Exception {
        return DEFAULT.inChunks(table, keyColumn, chunkSize, chunk);
    }

    /** Another configured connection, e.g. {@code Db.connection("admin").query(...)}. */
    public static DbConnection connection(String name) {
        return new DbConnection(name);
    }

    /** One range of keys, {@code from} inclusive to {@code to} exclusive. */
    @FunctionalInterface
    public interface Chunk {
        long apply(long from, long to) throws Exception;
    }

    /** A named connection (null: the migration's own), as seen from a migration. */
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

        public Insert insert(String table) {
            return new Insert(name, table);
        }

        public Update update(String table) {
            return new Update(name, table);
        }

        public Delete delete(String table) {
            return new Delete(name, table);
        }

        public long inChunks(String table, String keyColumn, long chunkSize, Chunk chunk) throws Exception {
            if (chunkSize < 1) {
                throw new IllegalArgumentException("chunkSize must be 1 or more");
            }
            String t = TableStatement.identifier(table, "table");
            String k = TableStatement.identifier(keyColumn, "column");
            Optional<Map<String, Object>> range = query("SELECT MIN(" + k + ") AS lo, MAX(" + k + ") AS hi FROM " + t)
                    .fetchFirst();
            Object lo = range.map(r -> r.values().toArray()[0]).orElse(null);
            Object hi = range.map(r -> r.values().toArray()[1]).orElse(null);
            if (!(lo instanceof Number) || !(hi instanceof Number)) {
                return 0; // empty table (or a dry run, where reads return nothing)
            }
            long total = 0;
            long last = ((Number) hi).longValue();
            for (long from = ((Number) lo).longValue(); from <= last; from += chunkSize) {
                total += chunk.apply(from, from + chunkSize);
            }
            return total;
        }
    }
}
