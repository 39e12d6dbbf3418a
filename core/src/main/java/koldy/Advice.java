package koldy;

/**
 * How a refusal tells its reader what to do next: as koldy commands for someone at the command
 * line, as API calls for an application embedding koldy, or in the words of a tool that wraps
 * koldy (its own commands).
 *
 * @param migrate how to migrate
 * @param force how to run out-of-order migrations anyway
 * @param repair how to accept changed files, forget deleted ones, clear a failed run's record
 * @param status how to see every migration's state
 * @param forget how to forget executed migrations whose files are gone, {@code %s} standing for their
 *               names, comma-separated: repair never forgets one that is not named
 * @param undoChanged how to roll back (or redo) a migration whose file changed since it ran, with the
 *                    down it has now: the loop of writing a migration
 * @param waitLonger how to wait longer for another run's lock
 */
public record Advice(String migrate, String force, String repair, String status, String forget,
                     String undoChanged, String waitLonger) {

    public static final Advice COMMAND_LINE = new Advice("koldy migrate", "run: koldy migrate --force",
            "koldy repair", "koldy status", "koldy repair --forget %s", "koldy redo --force",
            "--lock-timeout SECONDS");

    public static final Advice LIBRARY = new Advice("Koldy.migrate()",
            "migrate with MigrateOptions.defaults().withForce()", "Koldy.repair()", "Koldy.status()",
            "Koldy.repair(forget) with forget naming %s", "Koldy.redo(1, true)", "Koldy.Builder.lockTimeout(...)");

    /** Advice for a tool that has no way of its own to wait longer for the lock. */
    public Advice(String migrate, String force, String repair, String status, String forget, String undoChanged) {
        this(migrate, force, repair, status, forget, undoChanged, "a longer lock timeout");
    }

    /** How to forget these executed migrations. */
    public String forgetting(java.util.List<String> scripts) {
        return forget.formatted(String.join(",", scripts));
    }
}
