package koldy;

/**
 * An error meant for the user: its message is a sentence that names what is wrong, and it carries
 * the process exit code the command line should return. Stack traces are shown only with -v.
 */
public class KoldyException extends RuntimeException {

    /** Exit code: a migration failed. */
    public static final int MIGRATION_FAILED = 1;
    /** Exit code: usage, configuration or compile error, or a database that cannot be reached. */
    public static final int USAGE_OR_CONFIG = 2;
    /** Exit code: refused for safety (out of order, changed or missing file, lock timeout). */
    public static final int REFUSED = 3;

    private final int exitCode;

    public KoldyException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public KoldyException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static KoldyException usage(String message) {
        return new KoldyException(USAGE_OR_CONFIG, message);
    }

    public static KoldyException config(String message) {
        return new KoldyException(USAGE_OR_CONFIG, message);
    }

    public static KoldyException refused(String message) {
        return new KoldyException(REFUSED, message);
    }
}
