package koldy;

/**
 * A run that started on a migration and has not completed it, as its record in the run table
 * ({@code <table>_run}, column {@code script_status}) says: a migrate or a rollback, still going
 * (or stopped without a word, killed) or failed half way.
 */
public enum RunState {
    /** A migration that cannot be atomic started, and its run has not completed it (or was killed). */
    RUNNING("running", false, true),
    /** A migration that cannot be atomic failed half way. */
    FAILED("failed", false, false),
    /** The rollback of such a migration started, and its run has not completed it (or was killed). */
    REVERTING("reverting", true, true),
    /** The rollback of such a migration failed half way. */
    REVERT_FAILED("revert-failed", true, false);

    private final String word;
    private final boolean reverting;
    private final boolean interrupted;

    RunState(String word, boolean reverting, boolean interrupted) {
        this.word = word;
        this.reverting = reverting;
        this.interrupted = interrupted;
    }

    /** As the run table stores it. */
    public String word() {
        return word;
    }

    /** A rollback's (the migration is still applied) rather than a migrate's. */
    public boolean reverting() {
        return reverting;
    }

    /** Started and neither completed nor recorded as failed: stopped half way, or still going. */
    public boolean interrupted() {
        return interrupted;
    }

    /** The state a stored word names, or null for a word koldy never writes. */
    public static RunState of(String word) {
        for (RunState state : values()) {
            if (state.word.equals(word)) {
                return state;
            }
        }
        return null;
    }
}
