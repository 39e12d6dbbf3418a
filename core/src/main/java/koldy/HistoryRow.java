package koldy;

/**
 * One row of the history table: a migration that was executed.
 *
 * @param executedAt UTC, "yyyy-MM-dd HH:mm:ss"
 * @param checksum   null for rows written by Koldy PHP, which are trusted as they are
 * @param status     null when executed; otherwise a run that did not complete: {@link #RUNNING},
 *                   {@link #FAILED}, {@link #REVERTING} or {@link #REVERT_FAILED}
 * @param error      why that run failed, when known
 */
public record HistoryRow(long id, String script, long timestamp, String executedAt, long durationSeconds,
                         String checksum, String status, String error) {

    /** A migration that cannot be atomic started, and its run has not completed it (or was killed). */
    public static final String RUNNING = "running";
    /** A migration that cannot be atomic failed half way. */
    public static final String FAILED = "failed";
    /** The rollback of such a migration started and has not completed it (or was killed). */
    public static final String REVERTING = "reverting";
    /** The rollback of such a migration failed half way. */
    public static final String REVERT_FAILED = "revert-failed";

    /** A record of a run that started and did not complete: crashed or failed half way. */
    public boolean failed() {
        return status != null;
    }

    /** Whether the failed run was a rollback (the migration is still applied) rather than a migrate. */
    public boolean failedReverting() {
        return REVERTING.equals(status) || REVERT_FAILED.equals(status);
    }

    /**
     * A run that started it and has not completed it (nor recorded a failure): stopped half way,
     * or still going.
     */
    public boolean interrupted() {
        return RUNNING.equals(status) || REVERTING.equals(status);
    }

    /** What happened, for a user: "failed: <error>" or "interrupted (the run stopped before it finished)". */
    public String failureDescription() {
        String what = failedReverting() ? "rollback " : "migration ";
        return interrupted() ? what + "interrupted on " + executedAt + " UTC (the run stopped, or lost its database connection, before it finished)"
                : what + "failed: " + (error == null ? "(no message)" : error);
    }
}
