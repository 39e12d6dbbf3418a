package koldy.migrate;

import koldy.Migration;
import koldy.MigrationFile;

/** A compiled Java migration. */
record JavaExecutable(MigrationFile file, Migration migration) implements Executable {

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
}
