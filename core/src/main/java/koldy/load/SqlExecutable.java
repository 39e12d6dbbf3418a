package koldy.load;

import koldy.Db;
import koldy.MigrationFile;
import koldy.QueryException;

/** A parsed SQL migration: runs its statements in order through the same path as {@code Db.query()}. */
public record SqlExecutable(MigrationFile file, SqlScript script, String shownPath) implements Executable {

    @Override
    public void up() {
        script.eachUp(this::run);
    }

    @Override
    public void down() {
        script.eachDown(this::run);
    }

    private void run(StatementSplitter.Statement statement) {
        try {
            Db.query(statement.sql()).exec();
        } catch (QueryException e) {
            throw new StatementFailedException(shownPath + ":" + statement.line() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String connection() {
        return script.connection();
    }

    @Override
    public boolean reversible() {
        return script.reversible();
    }

    @Override
    public String unwritten() {
        return script.applicable() ? null : "its up section has no statement; write them, or, if applying"
                + " nothing is right, say so with the line '-- koldy:up empty'";
    }

    @Override
    public boolean transactional() {
        return script.transactional();
    }

    /** A statement of an SQL file failed: the message names the file and line. */
    public static final class StatementFailedException extends RuntimeException {
        StatementFailedException(String message, QueryException cause) {
            super(message, cause);
        }
    }
}
