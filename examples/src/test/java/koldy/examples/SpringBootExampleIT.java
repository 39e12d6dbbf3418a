package koldy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot example as its users run it: built by Maven into a fat jar (its migrations
 * compiled and packaged by koldy-maven-plugin), started on a JRE without a compiler (jdk.compiler), on
 * PostgreSQL: it migrates at start-up, serves what a Java migration inserted, applies nothing on
 * its second start, and two instances started at once apply each migration once.
 */
class SpringBootExampleIT {

    private static final String VERSION = System.getProperty("koldy.version", "0.1.0-SNAPSHOT");
    private static final Path EXAMPLES = Path.of(System.getProperty("koldy.examples", "."));
    private static final Path WORK = Path.of(System.getProperty("koldy.work", "target/examples"));
    private static final String SERVER = System.getenv().getOrDefault("KOLDY_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/koldy_test?user=postgres");

    private static Path jar;
    private static Path jre;

    @BeforeAll
    static void buildTheExampleAndAJreWithoutACompiler() throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER)) {
            assertTrue(c.isValid(5));
        } catch (SQLException e) {
            assumeTrue(!"1".equals(System.getenv("KOLDY_TEST_REQUIRE_ALL")), "PostgreSQL is required: " + e);
            assumeTrue(false, "no PostgreSQL for the Spring Boot example: " + e.getMessage());
        }
        jar = build("4.0.7");
        jre = jreWithoutCompiler();
    }

    /** Builds a copy of the example with the given Spring Boot; returns its fat jar. */
    static Path build(String bootVersion) throws Exception {
        return build(bootVersion, "as-is", project -> { });
    }

    interface Change {
        void apply(Path project) throws IOException;
    }

    static Path build(String bootVersion, String variant, Change change) throws Exception {
        Path project = WORK.resolve("spring-boot-app-" + bootVersion + "-" + variant);
        copy(EXAMPLES.resolve("spring-boot-app"), project);
        change.apply(project);
        Process mvn = new ProcessBuilder("mvn", "-B", "-ntp", "package", "-Dkoldy.version=" + VERSION,
                "-Dspring-boot.version=" + bootVersion).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(project.resolve("build.log").toFile()).start();
        assertTrue(mvn.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, mvn.exitValue(), () -> read(project.resolve("build.log")));
        Path built = project.resolve("target/greetings-1.0.jar");
        try (ZipFile fat = new ZipFile(built.toFile())) {
            assertTrue(fat.getEntry("BOOT-INF/classes/koldy/migrations/index.tsv") != null, "the index is packaged");
            assertTrue(fat.getEntry("BOOT-INF/classes/Migration_1764000200_WelcomeGreeting.class") != null,
                    "the Java migration is compiled by the build");
        }
        return built;
    }

    private static Path jreWithoutCompiler() throws Exception {
        Path image = WORK.resolve("jre");
        if (!Files.isExecutable(image.resolve("bin/java"))) {
            Process jlink = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jlink").toString(),
                    "--add-modules", String.join(",", "java.base", "java.sql", "java.naming", "java.management",
                    "java.xml", "java.logging", "java.desktop", "java.instrument", "java.security.jgss",
                    "java.security.sasl", "java.transaction.xa", "java.net.http", "java.prefs", "java.rmi",
                    "java.scripting", "java.compiler", "jdk.unsupported", "jdk.crypto.ec", "jdk.management", "jdk.zipfs",
                    "jdk.naming.dns", "jdk.charsets"),
                    "--output", image.toString(), "--no-header-files", "--no-man-pages").inheritIO().start();
            assertEquals(0, jlink.waitFor());
        }
        Process list = new ProcessBuilder(image.resolve("bin/java").toString(), "--list-modules").start();
        String modules = new String(list.getInputStream().readAllBytes());
        // java.compiler is only javax.lang.model and javax.tools' interfaces (Spring Data JPA 4 reads
        // SourceVersion); the compiler itself is jdk.compiler, which a JRE image leaves out.
        assertFalse(modules.contains("jdk.compiler"), modules);
        return image;
    }

    @Test
    void startsOnAJreMigratesServesAndAppliesNothingTheSecondTime() throws Exception {
        try (Schema schema = new Schema()) {
            App first = App.start(jre, jar, schema.url());
            try {
                assertEquals("[\"Hello from a Java migration\"]", first.get("/greetings"));
                assertEquals("2", first.get("/migrations/count"));
                assertTrue(first.get("/actuator/koldy").contains("\"up_to_date\":true"), first.log());
            } finally {
                first.stop();
            }
            assertTrue(first.log().contains("Migrated 1764000100_CreateGreeting (1/2)"), first.log());
            assertTrue(first.log().contains("Migrated 1764000200_WelcomeGreeting (2/2)"), first.log());

            App second = App.start(jre, jar, schema.url());
            try {
                assertEquals("[\"Hello from a Java migration\"]", second.get("/greetings"));
            } finally {
                second.stop();
            }
            assertTrue(second.log().contains("Nothing to migrate: all 2 migrations are executed."), second.log());
            assertFalse(second.log().contains("Migrated "), second.log());
            assertEquals(List.of("1764000100_CreateGreeting", "1764000200_WelcomeGreeting"),
                    schema.strings("SELECT script FROM koldy_migration ORDER BY id"));
        }
    }

    @Test
    void twoInstancesStartedAtOnceApplyEachMigrationOnce() throws Exception {
        try (Schema schema = new Schema()) {
            App.Starting a = App.launch(jre, jar, schema.url());
            App.Starting b = App.launch(jre, jar, schema.url());
            App first = a.await();
            App second = b.await();
            try {
                assertEquals("[\"Hello from a Java migration\"]", first.get("/greetings"));
                assertEquals("[\"Hello from a Java migration\"]", second.get("/greetings"));
            } finally {
                first.stop();
                second.stop();
            }
            assertEquals(List.of("1764000100_CreateGreeting", "1764000200_WelcomeGreeting"),
                    schema.strings("SELECT script FROM koldy_migration ORDER BY id"));
            assertEquals(List.of("1"), schema.strings("SELECT count(*) FROM greeting"));
            long migrated = Stream.of(first.log(), second.log())
                    .filter(log -> log.contains("Migrated 1764000200_WelcomeGreeting")).count();
            assertEquals(1, migrated, first.log() + "\n---\n" + second.log());
        }
    }

    @Test
    void exitAfterMigrateAppliesTheMigrationsAndEndsWithoutServing() throws Exception {
        try (Schema schema = new Schema()) {
            App.Starting job = App.launch(jre, jar, schema.url(), "--koldy.exit-after-migrate=true");
            assertTrue(job.process().waitFor(120, TimeUnit.SECONDS), "the job ended");
            String log = read(job.log());
            assertEquals(0, job.process().exitValue(), log);
            assertTrue(log.contains("Migrated 1764000200_WelcomeGreeting (2/2)"), log);
            assertTrue(log.contains("Migrations done; exiting (koldy.exit-after-migrate)."), log);
            assertFalse(log.contains("Started GreetingsApplication"), log);
            assertEquals(List.of("1"), schema.strings("SELECT count(*) FROM greeting"));
        }
    }

    @Test
    void aFailedMigrationStopsTheStartWithKoldysAnalysisAndWhatToDo() throws Exception {
        Path broken = build("4.0.7", "broken", project -> Files.writeString(
                project.resolve("application/migrations/1764000300_Broken.sql"),
                "-- koldy:up\nCREATE TABLE broken (;\n-- koldy:down\nDROP TABLE broken;\n"));
        try (Schema schema = new Schema()) {
            App.Starting app = App.launch(jre, broken, schema.url());
            assertTrue(app.process().waitFor(120, TimeUnit.SECONDS), "the application ended");
            String log = read(app.log());
            assertEquals(1, app.process().exitValue(), log);
            String analysis = log.substring(log.indexOf("APPLICATION FAILED TO START"));
            assertTrue(analysis.contains("koldy stopped the application's start (MIGRATION_FAILED):\n\n"
                    + "Migration 1764000300_Broken failed: classpath:koldy/migrations/1764000300_Broken.sql:2: "),
                    analysis);
            assertTrue(analysis.contains("Action:\n\nFix the migration named above"), analysis);
            assertEquals(List.of("1764000100_CreateGreeting", "1764000200_WelcomeGreeting"),
                    schema.strings("SELECT script FROM koldy_migration ORDER BY id"));
        }
    }

    @Test
    void theSameStarterServesSpringBoot35() throws Exception {
        Path boot35 = build("3.5.7");
        try (Schema schema = new Schema()) {
            App app = App.start(jre, boot35, schema.url());
            try {
                assertEquals("[\"Hello from a Java migration\"]", app.get("/greetings"));
            } finally {
                app.stop();
            }
            assertTrue(app.log().contains("Migrated 1764000200_WelcomeGreeting (2/2)"), app.log());
        }
    }

    /** A fresh PostgreSQL schema, dropped afterwards. */
    static final class Schema implements AutoCloseable {
        private final String name = "koldy_boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

        Schema() throws SQLException {
            execute("CREATE SCHEMA " + name);
        }

        String url() {
            return SERVER + (SERVER.contains("?") ? "&" : "?") + "currentSchema=" + name;
        }

        List<String> strings(String sql) throws SQLException {
            try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery(sql)) {
                List<String> rows = new ArrayList<>();
                while (r.next()) {
                    rows.add(r.getString(1));
                }
                return rows;
            }
        }

        private static void execute(String sql) throws SQLException {
            try (Connection c = DriverManager.getConnection(SERVER); Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }

        @Override
        public void close() throws SQLException {
            execute("DROP SCHEMA " + name + " CASCADE");
        }
    }

    /** The example's fat jar running in its own JVM, on a port of its own. */
    static final class App {
        private final Process process;
        private final Path log;
        private final int port;

        private App(Process process, Path log, int port) {
            this.process = process;
            this.log = log;
            this.port = port;
        }

        record Starting(Process process, Path log, int port) {
            App await() throws Exception {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (System.nanoTime() < deadline) {
                    String text = read(log);
                    if (text.contains("Started GreetingsApplication")) {
                        return new App(process, log, port);
                    }
                    if (!process.isAlive()) {
                        throw new AssertionError("the application ended with exit " + process.exitValue() + ":\n" + text);
                    }
                    Thread.sleep(100);
                }
                process.destroyForcibly();
                throw new AssertionError("the application did not start within 120 s:\n" + read(log));
            }
        }

        static App start(Path jre, Path jar, String url) throws Exception {
            return launch(jre, jar, url).await();
        }

        static Starting launch(Path jre, Path jar, String url, String... arguments) throws IOException {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path log = Files.createTempFile(WORK, "app-", ".log");
            List<String> command = new ArrayList<>(List.of(jre.resolve("bin/java").toString(), "-jar", jar.toString(),
                    "--server.port=" + port, "--server.address=127.0.0.1"));
            command.addAll(List.of(arguments));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("DATABASE_URL", url);
            return new Starting(builder.start(), log, port);
        }

        String get(String path) throws Exception {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }

        String log() {
            return read(log);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(p);
                if (relative.startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
