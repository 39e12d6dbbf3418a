package koldy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
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
            // migrate first: status and a dry run never create the database they read
            for (String[] args : new String[][] {{"--root", root.toString(), "migrate"},
                    {"--root", root.toString(), "rollback", "1"}, {"--root", root.toString(), "migrate", "--dry-run"},
                    {"--root", root.toString(), "status"}}) {
                if (cli.run(args, environment) != 0) {
                    return 1;
                }
            }
            loadDriverClasses();
            touchNetworkPath(new org.postgresql.Driver(), "jdbc:postgresql://127.0.0.1:%d/training?connectTimeout=2");
            touchNetworkPath(new com.mysql.cj.jdbc.Driver(), "jdbc:mysql://127.0.0.1:%d/training?connectTimeout=2000");
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

    /**
     * The training has no PostgreSQL or MySQL server to talk to, so the classes those drivers load
     * in a real session are loaded here by name (not initialised), from a list that
     * bench/cds-classes.sh records: without them, opening a MySQL connection loads some 400
     * classes from the jar instead of the archive. A name the driver no longer has is skipped.
     */
    private static void loadDriverClasses() throws IOException {
        ClassLoader loader = CdsTraining.class.getClassLoader();
        try (InputStream list = CdsTraining.class.getResourceAsStream("cds-driver-classes.txt")) {
            if (list == null) {
                return;
            }
            new String(list.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .forEach(name -> {
                        try {
                            Class.forName(name.strip().replace('/', '.'), false, loader);
                        } catch (ClassNotFoundException | LinkageError e) {
                            // renamed or removed in this driver version
                        }
                    });
        }
    }

    /** A connection attempt to a socket that closes at once: the drivers' network and error paths. */
    private static void touchNetworkPath(java.sql.Driver driver, String urlFormat) {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread closer = new Thread(() -> {
                try (Socket ignored = server.accept()) {
                    // closed at once
                } catch (IOException e) {
                    // the training goes on
                }
            });
            closer.setDaemon(true);
            closer.start();
            driver.connect(String.format(urlFormat, server.getLocalPort()), new Properties()).close();
        } catch (IOException | java.sql.SQLException | RuntimeException e) {
            // expected: nobody speaks the protocol
        }
    }
}
