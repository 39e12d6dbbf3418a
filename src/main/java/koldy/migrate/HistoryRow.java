package koldy.migrate;

/**
 * One row of the history table: a migration that was executed.
 *
 * @param executedAt UTC, "yyyy-MM-dd HH:mm:ss"
 * @param checksum   null for rows written by Koldy PHP, which are trusted as they are
 */
public record HistoryRow(long id, String script, long timestamp, String executedAt, long durationSeconds,
                         String checksum) {
}
