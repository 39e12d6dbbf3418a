package koldy;

/**
 * @param steps  how many executed migrations to revert, newest execution first; null with {@code to}
 * @param to     revert every executed migration with a later timestamp; null with {@code steps}
 * @param dryRun print what would run; execute and record nothing
 * @param force  revert a migration whose file changed since it ran, with the down it has now (the
 *               loop of writing a migration: run it, edit it, roll it back or redo it)
 */
public record RollbackOptions(Integer steps, Long to, boolean dryRun, boolean force) {

    public RollbackOptions(Integer steps, Long to, boolean dryRun) {
        this(steps, to, dryRun, false);
    }

    /** The last {@code steps} executed migrations, newest execution first. */
    public static RollbackOptions steps(int steps) {
        return new RollbackOptions(steps, null, false, false);
    }

    /** Every executed migration with a timestamp after {@code timestamp}. */
    public static RollbackOptions allAfter(long timestamp) {
        return new RollbackOptions(null, timestamp, false, false);
    }

    /** The same, reverting a migration changed since it ran with the down it has now. */
    public RollbackOptions withForce() {
        return new RollbackOptions(steps, to, dryRun, true);
    }

    /** The same, saying what would run and running nothing. */
    public RollbackOptions asDryRun() {
        return new RollbackOptions(steps, to, true, force);
    }
}
