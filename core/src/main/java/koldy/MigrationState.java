package koldy;

/** Where one migration stands, comparing the files with the history table. */
public enum MigrationState {
    /** Executed, and its file is unchanged (or the row has no checksum, as Koldy PHP writes them). */
    EXECUTED("executed"),
    /** Not executed, newer than every executed migration: {@code migrate} runs it. */
    PENDING("pending"),
    /** Not executed, but older than the newest executed one (typical after a merge): needs --force. */
    OUT_OF_ORDER("out-of-order"),
    /** Executed, and its file's content has changed since: {@code migrate} refuses until reverted or repaired. */
    CHANGED("changed"),
    /** Executed, and its file is gone: {@code migrate} refuses until restored or repaired. */
    MISSING("missing"),
    /**
     * A run that could not be atomic (MySQL DDL, a no-transaction migration) started and did not
     * complete: the database may hold part of it. Kept in the history's run table, where Koldy PHP
     * cannot take it for executed. {@code migrate} refuses until the user fixes the database and
     * runs repair.
     */
    FAILED("failed"),
    /**
     * Such a run is still going: the run lock is held now (by {@link Status#liveRun()}), so its
     * started record is not a failure. Only {@code status}, which reads without the lock, says it.
     */
    RUNNING("running");

    private final String label;

    MigrationState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
