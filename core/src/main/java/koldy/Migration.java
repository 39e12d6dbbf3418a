package koldy;

/**
 * A migration: {@code up()} makes the change, {@code down()} undoes it. koldy runs each one in a
 * transaction where the database allows, together with its history row.
 */
public abstract class Migration {

    /** Executed when migrating "up". */
    public abstract void up() throws Exception;

    /** Executed when rolling back "down". */
    public abstract void down() throws Exception;

    /** The connection {@code Db.query()} uses in this migration; null means the first configured one. */
    public String connection() {
        return null;
    }

    /**
     * Whether up() and down() run in a transaction. Return false for statements a transaction
     * cannot hold (PostgreSQL's {@code CREATE INDEX CONCURRENTLY}); koldy then records that the
     * run started before running it, so a failure half way is visible in {@code status}.
     */
    public boolean transactional() {
        return true;
    }
}
