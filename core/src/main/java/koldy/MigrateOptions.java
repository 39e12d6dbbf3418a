package koldy;

/**
 * @param force  run pending migrations older than the newest executed one
 * @param to     apply only up to and including this timestamp; null for all
 * @param dryRun print what would run; execute and record nothing
 */
public record MigrateOptions(boolean force, Long to, boolean dryRun) {

    public static MigrateOptions defaults() {
        return new MigrateOptions(false, null, false);
    }
}
