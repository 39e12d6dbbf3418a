package koldy;

import java.nio.file.Path;

/**
 * One migration: {@code <timestamp>_<Name>.java} or {@code .sql}, or a Koldy PHP migration
 * ({@code .php}) that koldy knows of but cannot run. It is a file on disk ({@link #path()}), as
 * the command line finds it, or an entry of a classpath index ({@link #resource()}), as the build
 * packages it into an application; both name and check it alike.
 *
 * @param path     the file, or null for a migration on the class path
 * @param checksum SHA-256 of the content with line endings normalised to LF
 * @param resource the class path resource of a packaged SQL migration, the class name of a
 *                 packaged Java one, or the packaged file name of a Koldy PHP one; null for a file
 */
public record MigrationFile(long timestamp, String name, Path path, String checksum, Kind kind, String resource) {

    public enum Kind { JAVA, SQL, PHP }

    /** A migration file on disk. */
    public MigrationFile(long timestamp, String name, Path path, String checksum, Kind kind) {
        this(timestamp, name, path, checksum, kind, null);
    }

    /** The file name, extension included: {@code 1764000180_AddEmail.sql}. */
    public String fileName() {
        return path != null ? path.getFileName().toString() : script() + "." + extension();
    }

    /**
     * The file name without its extension, byte for byte (leading zeros kept, as Koldy PHP
     * records them): what the history table records.
     */
    public String script() {
        if (path != null) {
            String fileName = path.getFileName().toString();
            return fileName.substring(0, fileName.lastIndexOf('.'));
        }
        return scriptOfPackaged(resource, kind);
    }

    /** The class a Java migration must declare. */
    public String className() {
        return "Migration_" + script();
    }

    /** True for a migration packaged on the class path by the build, false for a file on disk. */
    public boolean onClasspath() {
        return path == null;
    }

    /**
     * Where a packaged migration is, as messages name it: {@code classpath:koldy/migrations/1_A.sql},
     * {@code classpath:Migration_2_B.class}; null for a file on disk (its path says where).
     */
    public String classpathLocation() {
        return path != null ? null : "classpath:" + (kind == Kind.JAVA ? resource + ".class" : resource);
    }

    private String extension() {
        return switch (kind) {
            case JAVA -> "java";
            case SQL -> "sql";
            case PHP -> "php";
        };
    }

    /** A packaged migration's script: from its resource's file name, or its class name. */
    private static String scriptOfPackaged(String resource, Kind kind) {
        if (kind == Kind.JAVA) {
            return resource.substring("Migration_".length());
        }
        String fileName = resource.substring(resource.lastIndexOf('/') + 1);
        return fileName.substring(0, fileName.lastIndexOf('.'));
    }
}
