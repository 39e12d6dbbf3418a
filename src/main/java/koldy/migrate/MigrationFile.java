package koldy.migrate;

import java.nio.file.Path;

/**
 * One migration file, as found on disk: {@code <timestamp>_<Name>.java} or {@code .sql}.
 *
 * @param checksum SHA-256 of the content with line endings normalised to LF
 */
public record MigrationFile(long timestamp, String name, Path path, String checksum, Kind kind) {

    public enum Kind { JAVA, SQL }

    /** The file name without extension: what the history table records. */
    public String script() {
        return timestamp + "_" + name;
    }

    /** The class a Java migration must declare. */
    public String className() {
        return "Migration_" + script();
    }
}
