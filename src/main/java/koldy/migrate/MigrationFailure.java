package koldy.migrate;

import koldy.KoldyException;
import koldy.QueryException;

/** A migration's up() or down() failed; the run stopped there. Exit code 1. */
public final class MigrationFailure extends KoldyException {

    private final String script;

    MigrationFailure(String script, String message, Throwable cause) {
        super(Reason.MIGRATION_FAILED, message, cause);
        this.script = script;
    }

    public String script() {
        return script;
    }

    /** The database's words and the statement for SQL errors; the exception and its line otherwise. */
    static String describe(Throwable e, MigrationFile file) {
        if (e instanceof QueryException || e instanceof SqlExecutable.StatementFailedException) {
            return e.getMessage();
        }
        String text = e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith(file.className()) && frame.getLineNumber() > 0) {
                return text + "\n  at " + file.path().getFileName() + ":" + frame.getLineNumber();
            }
        }
        return text;
    }
}
