package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import koldy.load.Checksums;
import koldy.testing.Launcher;
import koldy.testing.Launcher.Result;

/**
 * A project that pins koldy's version instead of committing its jar, as the Maven wrapper pins
 * Maven: the launcher fetches that version once from a Maven repository (here one served on
 * loopback) into a per-user cache, checks it against the pinned SHA-256, and runs it; init pins
 * this way and seeds the cache, so the machine that ran it fetches nothing.
 */
class WrapperIT {

    private static final String VERSION = "9.9.9-test";

    @TempDir
    Path directory;

    private HttpServer repository;
    private final AtomicInteger fetches = new AtomicInteger();
    private byte[] jar;

    @BeforeEach
    void serveARepository() throws IOException {
        jar = Files.readAllBytes(Launcher.TARGET.resolve("koldy.jar"));
        repository = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        repository.createContext("/maven2/", exchange -> {
            String wanted = "/maven2/io/koldy/koldy/" + VERSION + "/koldy-" + VERSION + "-cli.jar";
            boolean found = exchange.getRequestURI().getPath().equals(wanted);
            if (found) {
                fetches.incrementAndGet();
            }
            exchange.sendResponseHeaders(found ? 200 : 404, found ? jar.length : -1);
            if (found) {
                exchange.getResponseBody().write(jar);
            }
            exchange.close();
        });
        repository.start();
    }

    @AfterEach
    void stop() {
        repository.stop(0);
    }

    private String repositoryUrl() {
        return "http://127.0.0.1:" + repository.getAddress().getPort() + "/maven2";
    }

    /** A project with the launcher, a configuration and a pin; no jar. */
    private Path project(String name, String version, String sha256) throws IOException {
        Path project = Files.createDirectories(directory.resolve(name));
        Files.copy(Launcher.HOME.resolve("koldy"), project.resolve("koldy"));
        Files.createDirectories(project.resolve("configs"));
        Files.writeString(project.resolve("configs/database.properties"),
                "connections = default\ndefault.url = jdbc:sqlite:storage/koldy.sqlite\n");
        Files.createDirectories(project.resolve("application/migrations"));
        Files.createDirectories(project.resolve(".koldy"));
        // as an editor on Windows may leave it: CRLF, blanks around '=', a comment, a look-alike key
        Files.writeString(project.resolve(".koldy/koldy.properties"), "# pinned\r\nversion = " + version
                + "\r\n  sha256=" + sha256 + "\r\nversions=none\r\nrepository =" + repositoryUrl() + "\r\n");
        return project;
    }

    private Result koldy(Path project, Map<String, String> env, String... args) {
        return Launcher.run(List.of("sh", project.resolve("koldy").toString()), project, env, args);
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aPinnedVersionIsFetchedOnceCheckedAndRun() throws Exception {
        Path cache = directory.resolve("user-cache");
        Map<String, String> env = Map.of("KOLDY_USER_CACHE", cache.toString());
        Path project = project("pinned", VERSION, Checksums.ofBytes(jar));

        Result first = koldy(project, env, "migrate");
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.err().contains("koldy: fetching koldy " + VERSION + " from " + repositoryUrl()
                + "/io/koldy/koldy/" + VERSION + "/koldy-" + VERSION + "-cli.jar"), first.toString());
        assertTrue(first.out().contains("Database: jdbc:sqlite:storage/koldy.sqlite"), first.toString());
        Result second = koldy(project, env, "status");
        assertEquals(0, second.exitCode(), second.toString());
        assertFalse(second.err().contains("fetching"), "fetched once: " + second);
        assertEquals(1, fetches.get());
        assertTrue(files(cache).stream().anyMatch(f -> f.getFileName().toString().startsWith("koldy-" + VERSION)));
    }

    @Test
    void aJarThatIsNotThePinnedOneIsNeitherKeptNorRun() throws Exception {
        Path cache = directory.resolve("user-cache");
        Map<String, String> env = Map.of("KOLDY_USER_CACHE", cache.toString());
        String pinned = "0".repeat(64);
        Result wrong = koldy(project("tampered", VERSION, pinned), env, "migrate");
        assertEquals(2, wrong.exitCode(), wrong.toString());
        assertTrue(wrong.err().contains("has SHA-256 " + Checksums.ofBytes(jar) + ", not " + pinned
                + " as .koldy/koldy.properties pins; nothing was run."), wrong.toString());
        assertEquals(List.of(), files(cache), "nothing kept");

        Result missing = koldy(project("unpublished", "9.9.8", pinned), env, "migrate");
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("koldy: could not fetch " + repositoryUrl()), missing.toString());
        assertEquals(List.of(), files(cache));
    }

    @Test
    void initPinsTheVersionAndSeedsTheCacheSoThisMachineFetchesNothing() throws Exception {
        Path cache = directory.resolve("user-cache");
        Map<String, String> env = new HashMap<>(Map.of("KOLDY_USER_CACHE", cache.toString(),
                "KOLDY_REPOSITORY", "http://127.0.0.1:9/unreachable"));
        Path project = directory.resolve("fresh");
        ProcessBuilder init = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Launcher.TARGET.resolve("koldy.jar").toString(), "init", project.toString())
                .redirectErrorStream(true);
        init.environment().putAll(env);
        Process running = init.start();
        String said = new String(running.getInputStream().readAllBytes());
        assertEquals(0, running.waitFor(), said);
        assertTrue(said.contains("Created .koldy/koldy.properties"), said);
        assertFalse(Files.exists(project.resolve(".koldy/koldy.jar")), "no 19 MB jar in the project");
        String properties = Files.readString(project.resolve(".koldy/koldy.properties"));
        assertTrue(properties.contains("sha256=" + Checksums.ofBytes(jar)), properties);

        Result run = Launcher.run(List.of("sh", project.resolve("koldy").toString()), project, env, "init", ".");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("Kept .koldy/koldy.properties"), run.toString());
        assertEquals(0, fetches.get());
    }
}
