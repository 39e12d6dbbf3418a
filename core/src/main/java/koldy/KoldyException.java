package koldy;

import java.util.List;

import koldy.internal.Failures;

/**
 * An error meant for the user: its message is a sentence that names what is wrong, and its
 * {@link Reason} says what kind of failure it is, which decides the process exit code the command
 * line returns. Callers decide on the reason, never on the message's words. Stack traces are
 * shown only with -v.
 */
public class KoldyException extends RuntimeException {

    /** Exit code: a migration failed. */
    public static final int MIGRATION_FAILED = 1;
    /** Exit code: usage, configuration or compile error, or a database that cannot be reached. */
    public static final int USAGE_OR_CONFIG = 2;
    /** Exit code: refused for safety (out of order, changed or missing file, lock timeout). */
    public static final int REFUSED = 3;

    static {
        // the runner records what a run applied before it stopped as the failure leaves it
        Failures.recordAppliedWith((stopped, scripts) -> ((KoldyException) stopped).applied = List.copyOf(scripts));
    }

    /** Why a command did not do what was asked. */
    public enum Reason {
        /** A migration's up() or down() failed; the run stopped there. */
        MIGRATION_FAILED(KoldyException.MIGRATION_FAILED),
        /** The command line or a library call was used wrongly (an unknown command, a bad number). */
        USAGE(USAGE_OR_CONFIG),
        /** The configuration or the environment is wrong (a key, a URL, a missing driver or compiler). */
        CONFIGURATION(USAGE_OR_CONFIG),
        /** A migration file cannot be read, parsed or compiled; nothing was run. */
        INVALID_MIGRATION(USAGE_OR_CONFIG),
        /** The database could not be reached (refused, unknown host, wrong credentials, still starting). */
        UNREACHABLE(USAGE_OR_CONFIG),
        /** The history table holds a row koldy cannot read (edited by hand or damaged). */
        HISTORY_DAMAGED(USAGE_OR_CONFIG),
        /** The database answered an error outside any migration (the history, the lock's session). */
        DATABASE_ERROR(USAGE_OR_CONFIG),
        /** Pending migrations older than the newest executed one, without --force. */
        OUT_OF_ORDER(REFUSED),
        /** An executed migration's file changed or is missing. */
        CHANGED_OR_MISSING(REFUSED),
        /** A previous run that could not be atomic did not complete; repair clears it. */
        PREVIOUS_RUN_FAILED(REFUSED),
        /** A rollback would forget a migration whose file has nothing to undo it with. */
        NOT_REVERSIBLE(REFUSED),
        /** A pending migration is not written yet: still the generated template, or an empty up section. */
        NOT_WRITTEN(REFUSED),
        /** A pending migration koldy cannot run (a Koldy PHP one). */
        NOT_RUNNABLE(REFUSED),
        /** The run lock was not taken within the lock timeout. */
        LOCK_TIMEOUT(REFUSED),
        /** The run lock was lost during the run, or another run changed the history under it. */
        LOCK_LOST(REFUSED),
        /** A check that every migration is executed and unchanged found one that is not (status --exit-code, validate). */
        NOT_UP_TO_DATE(REFUSED);

        private final int exitCode;

        Reason(int exitCode) {
            this.exitCode = exitCode;
        }

        /** The command line's exit code for this reason. */
        public int exitCode() {
            return exitCode;
        }
    }

    private final Reason reason;
    private List<String> applied = List.of();

    public KoldyException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public KoldyException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public int exitCode() {
        return reason.exitCode();
    }

    /**
     * The migrations this run applied (or rolled back) before it stopped here, in order: they
     * stay applied (or rolled back) and recorded. Empty when the run stopped before any.
     */
    public List<String> applied() {
        return applied;
    }


    public static KoldyException usage(String message) {
        return new KoldyException(Reason.USAGE, message);
    }

    public static KoldyException config(String message) {
        return new KoldyException(Reason.CONFIGURATION, message);
    }

    /** A migration file that cannot be read, parsed or compiled. */
    public static KoldyException invalidMigration(String message) {
        return new KoldyException(Reason.INVALID_MIGRATION, message);
    }

    /** Refused for safety: nothing was run. */
    public static KoldyException refused(Reason reason, String message) {
        return new KoldyException(reason, message);
    }
}
