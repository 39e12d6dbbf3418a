package koldy.config;

import java.nio.file.Path;
import java.util.List;

import koldy.MigrationFile;

/**
 * The resolved configuration of one project: its connections in order (the first is the default
 * one {@code Db.query()} uses), which of them keeps the migration history, and where the
 * migration files live.
 */
public record Config(Path root,
                     List<ConnectionConfig> connections,
                     String historyConnection,
                     Path migrationsDirectory,
                     String historyTable) {

    public static final String DEFAULT_TABLE = "koldy_migration";
    public static final String DEFAULT_MIGRATIONS_DIRECTORY = "application/migrations";

    public ConnectionConfig defaultConnection() {
        return connections.get(0);
    }

    /** A path as the user knows it: relative to the project root where possible. */
    public static String display(Path root, Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path base = root.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }

    public String display(Path path) {
        return display(root, path);
    }

    /** How messages name a migration: its path under the project root, or where it is on the class path. */
    public String display(MigrationFile file) {
        return display(root, file);
    }

    public static String display(Path root, MigrationFile file) {
        return file.onClasspath() ? file.classpathLocation() : display(root, file.path());
    }

    public ConnectionConfig connection(String name) {
        for (ConnectionConfig c : connections) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
