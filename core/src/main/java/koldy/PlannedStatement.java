package koldy;

/**
 * A statement a dry run would have executed, as data: the SQL as the migration wrote it (with its
 * {@code ?} placeholders; bound values are never shown), the connection it would run on, how many
 * values it binds, and whether it reads (a dry run returns no rows to a read).
 */
public record PlannedStatement(String connection, String sql, int parameterCount, boolean reads) {
}
