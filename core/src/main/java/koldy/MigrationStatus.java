package koldy;

/**
 * One migration in a {@link Status}.
 *
 * @param file null when the migration's file is missing
 * @param row  null when the migration is not executed
 */
public record MigrationStatus(String script, long timestamp, MigrationState state, MigrationFile file,
                              HistoryRow row) {
}
