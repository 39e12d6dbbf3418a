package koldy.load;

import java.util.List;

import koldy.MigrationFile;

/**
 * Where a run's migrations come from: a directory of files, compiled at run time (the command
 * line, {@link DirectoryMigrations}), or the index the build packaged into an application's class
 * path ({@link ClasspathMigrations}). Both give the same scripts, checksums and classes, so the
 * command line and a packaged application agree about one history.
 */
public interface MigrationSource {

    /** Every migration, in timestamp order, then by name. */
    List<MigrationFile> scan();

    /** The given Java migrations, ready to instantiate (compiled first where that is needed). */
    MigrationClasses classes(List<MigrationFile> java);

    /** A SQL migration's text. */
    String text(MigrationFile sql);

    /** A Java migration's source, where it is at hand (a directory), else null (a packaged class). */
    default String javaSource(MigrationFile java) {
        return null;
    }

    /** Where the migrations are looked for, as messages name it. */
    String where();
}
