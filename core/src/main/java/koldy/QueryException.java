package koldy;

/**
 * A statement the database refused. The message carries the database's own words and the
 * statement, so a failed migration says exactly what went wrong where.
 */
public class QueryException extends RuntimeException {

    private final String sql;
    private final String sqlState;

    public QueryException(String sql, java.sql.SQLException cause) {
        super(firstLine(cause.getMessage()) + (cause.getSQLState() == null ? "" : " [SQLState " + cause.getSQLState()
                + "]") + "\n  in statement: " + sql, cause);
        this.sql = sql;
        this.sqlState = cause.getSQLState();
    }

    public String sql() {
        return sql;
    }

    public String sqlState() {
        return sqlState;
    }

    private static String firstLine(String message) {
        return message == null ? "(no message)" : message.strip();
    }
}
