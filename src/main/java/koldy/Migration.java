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
}
