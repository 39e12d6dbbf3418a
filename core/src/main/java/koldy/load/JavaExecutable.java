package koldy.load;

import koldy.Migration;
import koldy.MigrationFile;

/**
 * A compiled Java migration.
 *
 * @param untouched whether its source's up() is still create-migration's template
 */
record JavaExecutable(MigrationFile file, Migration migration, boolean untouched) implements Executable {

    @Override
    public void up() throws Exception {
        migration.up();
    }

    @Override
    public void down() throws Exception {
        migration.down();
    }

    @Override
    public String connection() {
        return migration.connection();
    }

    @Override
    public boolean transactional() {
        return migration.transactional();
    }

    @Override
    public String unwritten() {
        return untouched ? "its up() is still the template create-migration wrote (only the example"
                + " comment); write the migration in it, or delete the file" : null;
    }
}
