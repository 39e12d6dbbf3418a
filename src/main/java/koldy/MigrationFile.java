package koldy;

import java.nio.file.Path;

/**
 * One migration file, as found on disk: {@code <timestamp>_<Name>.java} or {@code .sql}, or a
 * Koldy PHP migration ({@code .php}) that koldy knows of but cannot run.
 *
 * @param checksum SHA-256 of the content with line endings normalised to LF
 */
public record MigrationFile(long timestamp, String name, Path path, String checksum, Kind kind) {

    public enum Kind { JAVA, SQL, PHP }

    /**
     * The file name without its extension, byte for byte (leading zeros kept, as Koldy PHP
     * records them): what the history table records.
     */
    public String script() {
        String fileName = path.getFileName().toString();
        return fileName.substring(0, fileName.lastIndexOf('.'));
    }

    /** The class a Java migration must declare. */
    public String className() {
        return "Migration_" + script();
    }
}
