package koldy;

/**
 * @param force  run pending migrations older than the newest executed one
 * @param to     apply only up to and including this timestamp; null for all
 * @param dryRun print what would run; execute and record nothing
 */
public record MigrateOptions(boolean force, Long to, boolean dryRun) {

    /** Every pending migration, none out of order, for real. */
    public static MigrateOptions defaults() {
        return new MigrateOptions(false, null, false);
    }

    /** The same, running out-of-order migrations too: {@code MigrateOptions.defaults().withForce()}. */
    public MigrateOptions withForce() {
        return new MigrateOptions(true, to, dryRun);
    }

    /** The same, only up to and including {@code timestamp}. */
    public MigrateOptions upTo(long timestamp) {
        return new MigrateOptions(force, timestamp, dryRun);
    }

    /** The same, saying what would run and running nothing. */
    public MigrateOptions asDryRun() {
        return new MigrateOptions(force, to, true);
    }
}
