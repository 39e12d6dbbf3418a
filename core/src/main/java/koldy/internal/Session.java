package koldy.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The run a migration's {@code Db} and {@code Query} work in: its connections, inside the
 * migration's transaction, and whether it is a dry run. koldy's runner provides one for as long
 * as a migration runs ({@link CurrentSession}); a migration never implements or calls this itself.
 */
public interface Session {

    /** In a dry run, statements are recorded instead of executed, and reads return no rows. */
    boolean dryRun();

    /** Told of every statement before it runs (or, in a dry run, instead of running it). */
    void statement(String connection, String sql, int parameterCount, boolean reads);

    /** The connection {@code Db.query()} uses: the migration's own, or the default one. */
    String defaultConnectionName();

    /** The named connection, in this migration's transaction. */
    Connection connection(String name) throws SQLException;

    /**
     * Told of each statement a migration builds ({@code Db.query(...)}, {@code Db.insert(...)}),
     * and then of it running, so that one built and never run (no {@code .exec()}) is reported
     * instead of recording a migration that did less than it says. Its {@code toString()} says
     * what it is and where it was built.
     */
    default void built(Object statement) {
    }

    /** See {@link #built}. */
    default void ran(Object statement) {
    }

    /**
     * Offers an SQL migration's last statement to run with its history row and COMMIT, in one
     * round trip. True when the session took it: checked and told of as {@link #statement} is, it
     * runs as the migration commits, and a failure of its own is reported through {@code failure}.
     * False when it must run now, as any statement does.
     *
     * @param failure the migration's failure for the statement's error, as if it had run now
     */
    default boolean runWithCommit(String connection, String sql,
                                  java.util.function.Function<SQLException, RuntimeException> failure) {
        return false;
    }
}
