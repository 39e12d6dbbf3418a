package koldy.migrate;

import koldy.KoldyException;
import koldy.Migration;
import koldy.MigrationFile;

/** The classes of Java migrations, compiled at run time or packaged by the build. */
public interface MigrationClasses {

    /** A new instance of the migration's class. */
    Migration instantiate(MigrationFile file);

    /** Checks that a loaded class is a migration koldy can run, and makes one. */
    static Migration instantiate(Class<?> type, MigrationFile file, String shown) {
        if (!Migration.class.isAssignableFrom(type)) {
            throw KoldyException.invalidMigration(shown + ": class " + file.className()
                    + " must extend koldy.Migration.");
        }
        try {
            return (Migration) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw KoldyException.invalidMigration(shown + ": class " + file.className()
                    + " needs a public no-argument constructor (" + e + ").");
        }
    }
}
