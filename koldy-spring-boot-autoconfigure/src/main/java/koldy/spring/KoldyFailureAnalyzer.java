package koldy.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import koldy.KoldyException;

/**
 * A start-up that koldy stopped ends with what happened and what to do, in koldy's words,
 * instead of a page of nested bean-creation stack traces.
 */
class KoldyFailureAnalyzer extends AbstractFailureAnalyzer<KoldyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KoldyException cause) {
        String description = "koldy stopped the application's start (" + cause.reason().name() + "):\n\n"
                + cause.getMessage();
        return new FailureAnalysis(description, action(cause.reason()), cause);
    }

    private static String action(KoldyException.Reason reason) {
        return switch (reason) {
            case MIGRATION_FAILED -> "Fix the migration named above and start the application again; the migrations"
                    + " before it stay applied and recorded, and it runs again from the start.";
            case OUT_OF_ORDER -> "Run them anyway by starting once with koldy.force=true (their order against the"
                    + " executed ones must not matter), or give them newer timestamps.";
            case CHANGED_OR_MISSING -> "Restore the executed migration as it was, or accept the change: ./koldy repair"
                    + " against this database.";
            case PREVIOUS_RUN_FAILED -> "Make the database consistent by hand, then run ./koldy repair against it.";
            case LOCK_TIMEOUT -> "Another instance is migrating this database; start again when it is done, or"
                    + " raise koldy.lock-timeout.";
            case UNREACHABLE -> "Check the database's URL and credentials, or give it time to start with"
                    + " koldy.wait-for-database.";
            case NOT_UP_TO_DATE -> "Migrate the database (koldy.on-startup=migrate, or ./koldy migrate), then start"
                    + " again.";
            default -> "Correct what the message names and start the application again; ./koldy status shows every"
                    + " migration's state.";
        };
    }
}
