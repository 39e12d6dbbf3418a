package koldy.load;

import java.lang.reflect.Constructor;

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
            // A generated migration's class is not public (plain javac then accepts it in a file
            // of another name), so neither is its default constructor.
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return (Migration) constructor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw KoldyException.invalidMigration(shown + ": class " + file.className()
                    + " needs a no-argument constructor (" + e + ").");
        }
    }
}
