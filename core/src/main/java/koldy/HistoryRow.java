package koldy;

/**
 * One row of the history table: a migration that was executed.
 *
 * @param executedAt UTC, "yyyy-MM-dd HH:mm:ss"
 * @param checksum   null for rows written by Koldy PHP, which are trusted as they are
 * @param state      null when executed; otherwise the state of a run that did not complete it
 * @param error      why that run failed, when known
 */
public record HistoryRow(long id, String script, long timestamp, String executedAt, long durationSeconds,
                         String checksum, RunState state, String error) {

    /** A record of a run that started and did not complete: crashed or failed half way. */
    public boolean failed() {
        return state != null;
    }

    /** Whether the failed run was a rollback (the migration is still applied) rather than a migrate. */
    public boolean failedReverting() {
        return state != null && state.reverting();
    }

    /**
     * A run that started it and has not completed it (nor recorded a failure): stopped half way,
     * or still going.
     */
    public boolean interrupted() {
        return state != null && state.interrupted();
    }

    /** What happened, for a user: "failed: <error>" or "interrupted (the run stopped before it finished)". */
    public String failureDescription() {
        String what = failedReverting() ? "rollback " : "migration ";
        return interrupted() ? what + "interrupted on " + executedAt + " UTC (the run stopped, or lost its database connection, before it finished)"
                : what + "failed: " + (error == null ? "(no message)" : error);
    }
}
