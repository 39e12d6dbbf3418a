package koldy.migrate;

import java.util.List;

import koldy.Db;
import koldy.QueryException;

/** A parsed SQL migration: runs its statements in order through the same path as {@code Db.query()}. */
record SqlExecutable(MigrationFile file, SqlScript script, String shownPath) implements Executable {

    @Override
    public void up() {
        run(script.up());
    }

    @Override
    public void down() {
        run(script.down());
    }

    private void run(List<StatementSplitter.Statement> statements) {
        for (StatementSplitter.Statement statement : statements) {
            try {
                Db.query(statement.sql()).exec();
            } catch (QueryException e) {
                throw new StatementFailedException(shownPath + ":" + statement.line() + ": " + e.getMessage(), e);
            }
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
    public boolean transactional() {
        return script.transactional();
    }

    /** A statement of an SQL file failed: the message names the file and line. */
    static final class StatementFailedException extends RuntimeException {
        StatementFailedException(String message, QueryException cause) {
            super(message, cause);
        }
    }
}
