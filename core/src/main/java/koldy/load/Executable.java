package koldy.load;

import koldy.MigrationFile;

/** A migration ready to run, whether it came from a Java class or an SQL file. */
public interface Executable {

    MigrationFile file();

    void up() throws Exception;

    void down() throws Exception;

    /** The connection its statements use by default; null for the first configured one. */
    String connection();

    boolean transactional();

    /** Whether its down() undoes it; a rollback refuses, running nothing, when one does not. */
    default boolean reversible() {
        return true;
    }

    /**
     * Why its up() is not written yet (still the generated template, or an SQL up section with no
     * statement and no {@code -- koldy:up empty}), or null: a migrate refuses, running nothing.
     */
    default String unwritten() {
        return null;
    }
}
