package koldy.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project root from a directory inside it, as git and the Maven wrapper do: the nearest
 * directory, upwards, that holds koldy's configuration or a pinned koldy. Run from {@code src/main},
 * {@code ../../koldy status} then reads the project's configuration and migrations, not a
 * sub-directory's (where every executed migration would look deleted).
 */
final class ProjectRoot {

    /** What marks a project root: the configuration file, or the jar {@code koldy init} pinned. */
    private static final String[] MARKERS = {"configs/database.properties", ".koldy/koldy.properties",
        ".koldy/koldy.jar"};

    private ProjectRoot() {
    }

    /** The nearest directory from {@code start} upwards with a marker, else {@code start} itself. */
    static Path above(Path start) {
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            for (String marker : MARKERS) {
                if (Files.isRegularFile(directory.resolve(marker))) {
                    return directory;
                }
            }
        }
        return start;
    }
}
