package koldy.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
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
     * The training has no PostgreSQL or MySQL server to talk to, so the classes those drivers
     * need for a real session are loaded by name (not initialised): without them, opening a
     * MySQL connection loads some 400 classes from the jar instead of the archive.
     */
    private static void loadDriverClasses() throws IOException {
        ClassLoader loader = CdsTraining.class.getClassLoader();
        Path jar;
        try {
            jar = Path.of(CdsTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | SecurityException e) {
            return;
        }
        if (!Files.isRegularFile(jar)) {
            return; // run from classes, not the jar: nothing to archive
        }
        try (JarFile entries = new JarFile(jar.toFile())) {
            entries.stream().map(JarEntry::getName).filter(CdsTraining::isSessionClass).forEach(name -> {
                try {
                    Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    // a class for an optional feature whose dependency is not in the jar
                }
            });
        }
    }

    private static boolean isSessionClass(String entry) {
        return entry.endsWith(".class") && !entry.contains("module-info")
                && (entry.startsWith("org/postgresql/") || entry.startsWith("com/mysql/cj/"))
                && !entry.startsWith("com/mysql/cj/xdevapi/") && !entry.startsWith("com/mysql/cj/protocol/x/");
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
