package koldy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the launcher runs once to record a class-data-sharing archive: a small but typical run
 * (configuration, the command line, a pool, a migration, status), so the classes that every run
 * loads are in the archive. All three drivers are loaded; nothing is left behind.
 */
final class CdsTraining {

    private CdsTraining() {
    }

    static int run() {
        Path root = null;
        try {
            root = Files.createTempDirectory("koldy-cds");
            Path migrations = Files.createDirectories(root.resolve("application/migrations"));
            Files.writeString(migrations.resolve("1700000000_Training.sql"),
                    "-- koldy:up\nCREATE TABLE training (id integer);\n-- koldy:down\nDROP TABLE training;\n");
            Map<String, String> environment = Map.of("KOLDY_DEFAULT_URL", "jdbc:sqlite:storage/training.sqlite");
            CommandLineInterface cli = new CommandLineInterface();
            for (String[] args : new String[][] {{"--root", root.toString(), "migrate", "--dry-run"},
                    {"--root", root.toString(), "migrate"}, {"--root", root.toString(), "status"},
                    {"--root", root.toString(), "rollback", "1"}}) {
                cli.run(args, environment);
            }
            new org.postgresql.Driver();
            new com.mysql.cj.jdbc.Driver();
            return 0;
        } catch (IOException | java.sql.SQLException | RuntimeException e) {
            return 1;
        } finally {
            if (root != null) {
                try (Stream<Path> paths = Files.walk(root)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temporary directory
                }
            }
        }
    }
}
