package koldy;

/**
 * @param steps  how many executed migrations to revert, newest execution first; null with {@code to}
 * @param to     revert every executed migration with a later timestamp; null with {@code steps}
 * @param dryRun print what would run; execute and record nothing
 */
public record RollbackOptions(Integer steps, Long to, boolean dryRun) {

    public static RollbackOptions steps(int steps) {
        return new RollbackOptions(steps, null, false);
    }
}
