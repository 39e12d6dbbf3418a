package koldy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The library as an application uses it: a separate Maven project that depends on the installed
 * io.koldy:koldy artifact and its own driver, running the README's example. It brings only what
 * a library user needs (no argument parser), prints nothing of koldy's at start-up, and writes
 * nothing into its working directory but its own database.
 */
class LibraryExampleIT {

    private static final String VERSION = System.getProperty("koldy.version", "0.1.0-SNAPSHOT");
    private static final Path EXAMPLES = Path.of(System.getProperty("koldy.examples", "."));
    private static final Path WORK = Path.of(System.getProperty("koldy.work", "target/examples"));

    @Test
    void theReadmesExampleRunsQuietlyFromItsOwnProject() throws Exception {
        Path project = WORK.resolve("library-app");
        if (Files.exists(project)) {
            try (Stream<Path> old = Files.walk(project)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        SpringBootExampleIT.copy(EXAMPLES.resolve("library-app"), project);
        String source = Files.readString(project.resolve("src/main/java/MigrateOnStartup.java"));
        assertTrue(Files.readString(EXAMPLES.resolve("../docs/library.md")).contains("```java\n" + source + "```\n"),
                "the example is the one docs/library.md shows, word for word");

        Process mvn = new ProcessBuilder("mvn", "-B", "-ntp", "package", "-Dkoldy.version=" + VERSION)
                .directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(project.resolve("build.log").toFile()).start();
        assertTrue(mvn.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, mvn.exitValue(), () -> SpringBootExampleIT.read(project.resolve("build.log")));
        List<String> libraries;
        try (Stream<Path> jars = Files.list(project.resolve("target/lib"))) {
            libraries = jars.map(jar -> jar.getFileName().toString().replaceAll("-[0-9].*", "")).sorted().toList();
        }
        assertEquals(List.of("HikariCP", "koldy", "log4j-api", "slf4j-api", "sqlite-jdbc"), libraries,
                "what the artifact brings, and the application's driver");

        for (String expected : List.of("Applied 2 migration(s)", "Applied 0 migration(s)")) {
            Path stderr = project.resolve("stderr.txt");
            Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", project.resolve("target/classes") + File.pathSeparator + project.resolve("target/lib/*"),
                    "MigrateOnStartup").directory(project.toFile()).redirectError(stderr.toFile()).start();
            String output = new String(app.getInputStream().readAllBytes());
            assertEquals(0, app.waitFor(), output + SpringBootExampleIT.read(stderr));
            assertEquals(expected + "\n", output);
            assertEquals("", SpringBootExampleIT.read(stderr), "nothing on stderr");
        }
        try (Stream<Path> written = Files.list(project)) {
            assertEquals(List.of("app.sqlite", "app.sqlite.koldy-lock", "build.log", "db", "pom.xml", "src",
                    "stderr.txt", "target"), written.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing in the working directory but the database and its run lock (no compile cache)");
        }
    }
}
