package koldy;

/** A migration's up() or down() failed; the run stopped there. Exit code 1. */
public final class MigrationFailure extends KoldyException {

    private final String script;

    /** Made by the runner, with the whole message: what failed, why, and what remains of it. */
    public MigrationFailure(String script, String message, Throwable cause) {
        super(Reason.MIGRATION_FAILED, message, cause);
        this.script = script;
    }

    public String script() {
        return script;
    }
}
