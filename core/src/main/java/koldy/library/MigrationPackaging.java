package koldy.library;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import koldy.MigrationFile;
import koldy.load.ClasspathMigrations;
import koldy.load.MigrationPackager;

/**
 * The build step behind {@link Koldy.Builder#classpathMigrations()}: what koldy's Maven plugin runs
 * as {@code package-migrations}, and what another build would call. It compiles each directory's
 * Java migrations with the command line's checks and class names, copies the SQL ones and writes
 * the index that an application reads at run time, with no directory scan and no compiler.
 */
public final class MigrationPackaging {

    /** Where the packaged migrations sit on the class path unless told otherwise. */
    public static final String DEFAULT_LOCATION = ClasspathMigrations.DEFAULT_LOCATION;
    /** Where the packaged tenants' migrations sit unless told otherwise. */
    public static final String DEFAULT_TENANT_LOCATION = ClasspathMigrations.DEFAULT_TENANT_LOCATION;

    private MigrationPackaging() {
    }

    /**
     * Packages each directory of migrations into {@code classes}, to its class-path location
     * (the shared migrations and the tenants', say). Java classes share the top of {@code classes},
     * so two that would compile to one class name are refused, naming both files; what an earlier
     * build packaged and a directory no longer has is removed.
     *
     * @param projectRoot what paths in messages are shown relative to
     * @return each location's migrations, as its index lists them
     * @throws koldy.KoldyException naming the file at fault (a compile error, a clash), exit code 2
     */
    public static Map<String, List<MigrationFile>> write(Path projectRoot, Path classes, Map<Path, String> locations) {
        return new MigrationPackager(projectRoot, null).write(classes, locations);
    }
}
