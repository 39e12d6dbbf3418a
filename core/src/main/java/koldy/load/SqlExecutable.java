package koldy.load;

import koldy.Db;
import koldy.MigrationFile;
import koldy.QueryException;
import koldy.internal.CurrentSession;
import koldy.internal.Session;

/** A parsed SQL migration: runs its statements in order through the same path as {@code Db.query()}. */
public record SqlExecutable(MigrationFile file, SqlScript script, String shownPath) implements Executable {

    /**
     * Runs the up statements in turn; the last is offered to run with the migration's history row
     * and COMMIT, one round trip for the three where the database allows it.
     */
    @Override
    public void up() {
        StatementSplitter.Statement[] held = new StatementSplitter.Statement[1];
        script.eachUp(statement -> {
            if (held[0] != null) {
                run(held[0]);
            }
            held[0] = statement;
        });
        if (held[0] != null) {
            runLast(held[0]);
        }
    }

    private void runLast(StatementSplitter.Statement statement) {
        Session session = CurrentSession.get();
        if (!session.runWithCommit(session.defaultConnectionName(), statement.sql(),
                error -> failed(statement, new QueryException(statement.sql(), error)))) {
            run(statement);
        }
    }

    @Override
    public void down() {
        script.eachDown(this::run);
    }

    private void run(StatementSplitter.Statement statement) {
        try {
            Db.query(statement.sql()).exec();
        } catch (QueryException e) {
            throw failed(statement, e);
        }
    }

    private StatementFailedException failed(StatementSplitter.Statement statement, QueryException e) {
        return new StatementFailedException(shownPath + ":" + statement.line() + ": " + e.getMessage(), e);
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
