package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import koldy.testing.Launcher;
import koldy.testing.Launcher.Result;
import koldy.testing.TestProject;

/**
 * The launcher as Vagrant boxes, Docker images and CI runners have it: plain POSIX shells (dash,
 * busybox sh), paths with spaces, called from elsewhere, JAVA_HOME and KOLDY_JAVA_OPTS honoured,
 * exit codes passed through, the jar built on first use and rebuilt when stale.
 */
class ShellLauncherIT {

    @TempDir
    Path directory;

    private static List<String> shell(String name) {
        List<String> command = name.equals("busybox") ? List.of("busybox", "sh") : List.of(name);
        boolean present = Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command.get(0))));
        if (!present) {
            String message = name + " is not installed (apt-get install " + name + ")";
            if ("1".equals(System.getenv("KOLDY_TEST_REQUIRE_ALL"))) {
                Assertions.fail(message + "; KOLDY_TEST_REQUIRE_ALL=1 forbids skipping");
            }
            Assumptions.abort(message);
        }
        return command;
    }

    /** A copy of the launcher and the jar under a path with spaces: what an installed koldy looks like. */
    /** koldy installed as the distribution lays it out: the launcher and lib/koldy.jar. */
    private Path installedKoldy() throws IOException {
        Path home = Files.createDirectories(directory.resolve("tools dir/koldy home"));
        Files.copy(Launcher.HOME.resolve("koldy"), home.resolve("koldy"));
        Files.createDirectories(home.resolve("lib"));
        Files.copy(Launcher.TARGET.resolve("koldy.jar"), home.resolve("lib/koldy.jar"));
        return home;
    }

    private Path project() throws IOException {
        Path root = Files.createDirectories(directory.resolve("my project"));
        Files.createDirectories(root.resolve("configs"));
        Files.writeString(root.resolve("configs/database.properties"), "default.url = jdbc:sqlite:storage/app.db\n");
        Path migrations = Files.createDirectories(root.resolve("application/migrations"));
        Files.writeString(migrations.resolve("1700000100_CreateThings.sql"),
                "-- koldy:up\nCREATE TABLE things (id integer);\n-- koldy:down\nDROP TABLE things;\n");
        return root;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh", "dash", "busybox"})
    void runsUnderPlainPosixShellsWithSpacesInPaths(String shellName) throws Exception {
        List<String> sh = shell(shellName);
        Path home = installedKoldy();
        Path root = project();
        Path elsewhere = Files.createDirectories(directory.resolve("some where"));
        List<String> launcher = new java.util.ArrayList<>(sh);
        launcher.add(home.resolve("koldy").toString());

        Result migrate = Launcher.run(launcher, elsewhere, Map.of(), "--root", root.toString(), "migrate");
        assertEquals(0, migrate.exitCode(), migrate.toString());
        assertTrue(migrate.out().contains("Migrated 1700000100_CreateThings (1/1)"), migrate.out());
        assertTrue(Files.exists(root.resolve("storage/app.db")), "the database is under the root, not the cwd");

        Result status = Launcher.run(launcher, elsewhere, Map.of("KOLDY_ROOT", root.toString()), "status",
                "--exit-code");
        assertEquals(0, status.exitCode(), status.toString());

        Result usage = Launcher.run(launcher, elsewhere, Map.of(), "rollback", "zero");
        assertEquals(2, usage.exitCode(), "exit codes pass through: " + usage);
        Files.writeString(root.resolve("application/migrations/1600000000_Older.sql"), "-- koldy:up\n");
        Result refused = Launcher.run(launcher, root, Map.of(), "migrate");
        assertEquals(3, refused.exitCode(), "exit codes pass through: " + refused);
    }

    /**
     * A Java migration that halts the JVM with code 0 must not end the run as a success: the
     * launcher knows koldy did not finish (issue 26, item 6). The history holds what ran.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sh", "dash", "busybox"})
    void aJvmThatAMigrationHaltsIsNotASuccess(String shellName) throws Exception {
        List<String> launcher = new java.util.ArrayList<>(shell(shellName));
        launcher.add(installedKoldy().resolve("koldy").toString());
        Path root = project();
        Files.writeString(root.resolve("application/migrations/1700000200_Halts.java"), TestProject.javaSource(
                1700000200, "Halts", "        Runtime.getRuntime().halt(0);\n", ""));
        Files.writeString(root.resolve("application/migrations/1700000300_After.sql"), "-- koldy:up\n"
                + "CREATE TABLE after_it (id integer);\n-- koldy:down\nDROP TABLE after_it;\n");

        Result halted = Launcher.run(launcher, root, Map.of(), "migrate");
        assertEquals(1, halted.exitCode(), halted.toString());
        assertTrue(halted.err().contains("koldy: the JVM ended with exit 0 before koldy finished"), halted.toString());

        Result status = Launcher.run(launcher, root, Map.of(), "status");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().contains("1 executed, 2 pending"), status.toString());
    }

    /**
     * The JVM is the launcher's child, so what a supervisor sends the launcher (docker stop's TERM)
     * must reach it: koldy stops at the migration under way, says so, exits 1, and no JVM is left
     * running. (Ctrl-C reaches the launcher and the JVM together; the launcher passes it on as TERM.)
     */
    @Test
    void aSignalToTheLauncherStopsKoldy() throws Exception {
        Path root = project();
        Path started = directory.resolve("started");
        Files.writeString(root.resolve("application/migrations/1700000200_Waits.java"), TestProject.javaSource(
                1700000200, "Waits", "        java.nio.file.Files.createFile(java.nio.file.Path.of(\"" + started
                        + "\"));\n        Thread.sleep(120_000);\n", ""));
        Launcher.Running run = Launcher.start(List.of("sh", installedKoldy().resolve("koldy").toString()), root,
                Map.of(), "migrate");
        for (int i = 0; i < 1200 && !Files.exists(started); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(started), "the migration started: " + run.errSoFar());
        List<ProcessHandle> jvms = run.process().descendants().toList();
        assertEquals(1, jvms.size(), "one JVM under the launcher");

        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(run.process().pid())).start();
        assertEquals(0, kill.waitFor());
        Result stopped = run.await();

        assertEquals(1, stopped.exitCode(), stopped.toString());
        assertTrue(stopped.err().contains("ended while migration 1700000200_Waits was running"), stopped.toString());
        assertFalse(jvms.get(0).isAlive(), "the JVM ended with the launcher");
        Result status = Launcher.run(root, Map.of(), "status");
        assertTrue(status.out().contains("1 executed, 1 pending"), status.toString());
    }

    /** A launcher started with no input at all (cron, `<&-`) still runs koldy: there is nothing to pass on. */
    @ParameterizedTest
    @ValueSource(strings = {"sh", "dash", "busybox"})
    void runsWithItsInputClosed(String shellName) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("sh", "-c", "exec \"$@\" <&-", "koldy"));
        command.addAll(shell(shellName));
        command.add(installedKoldy().resolve("koldy").toString());
        Result version = Launcher.run(command, project(), Map.of(), "--version");
        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.out().startsWith("koldy "), version.toString());
    }

    @Test
    void honoursJavaHomeAndKoldyJavaOpts() throws Exception {
        Path home = installedKoldy();
        Path root = project();
        // A JAVA_HOME whose java notes that it was used, then runs the real one.
        Path fakeHome = Files.createDirectories(directory.resolve("fake jdk/bin"));
        Path marker = directory.resolve("java-was-used");
        Path java = fakeHome.resolve("java");
        Files.writeString(java, "#!/bin/sh\ntouch '" + marker + "'\nexec '"
                + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        Result result = Launcher.run(List.of("sh", home.resolve("koldy").toString()), root,
                Map.of("JAVA_HOME", fakeHome.getParent().toString(), "KOLDY_JAVA_OPTS", "-XX:+PrintCommandLineFlags"),
                "migrate"); // status would refuse: its SQLite file does not exist yet

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(Files.exists(marker), "JAVA_HOME's java ran koldy");
        assertTrue(result.out().contains("-XX:+PrintCommandLineFlags"), "KOLDY_JAVA_OPTS reached the JVM: " + result);
    }

    /**
     * A flight recording or an agent in KOLDY_JAVA_OPTS runs without the class-data archive: with
     * one, JDK 17 can crash (SIGSEGV in its class-file load hook; seen here on PostgreSQL runs).
     */
    @Test
    void aFlightRecordingOrAnAgentRunsWithoutTheClassDataArchive() throws Exception {
        Path home = installedKoldy();
        Path root = project();
        Result plain = Launcher.run(List.of("sh", home.resolve("koldy").toString()), root,
                Map.of("KOLDY_JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "--version");
        assertTrue(plain.out().contains("-XX:SharedArchiveFile="), "a plain run uses the archive: " + plain);

        Path recording = directory.resolve("run.jfr");
        Result recorded = Launcher.run(List.of("sh", home.resolve("koldy").toString()), root,
                Map.of("KOLDY_JAVA_OPTS", "-XX:+PrintCommandLineFlags -XX:StartFlightRecording=filename=" + recording
                        + " -Xlog:jfr=off"), "migrate");
        assertEquals(0, recorded.exitCode(), recorded.toString());
        assertFalse(recorded.out().contains("-XX:SharedArchiveFile="), "no archive with a recording: " + recorded);
        assertTrue(Files.size(recording) > 0, "the recording was written");
    }

    /** A JAVA_HOME without a java is exit 2 and one line saying what to set, not the shell's 127. */
    @Test
    void aJavaHomeWithoutJavaIsNamed() throws Exception {
        Path home = installedKoldy();
        Result result = Launcher.run(List.of("sh", home.resolve("koldy").toString()), project(),
                Map.of("JAVA_HOME", directory.resolve("nonexistent").toString()), "--version");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("koldy: JAVA_HOME is " + directory.resolve("nonexistent")
                + ", which has no bin/java; set JAVA_HOME to a JDK 17 or newer"), result.toString());
    }

    @Test
    void buildsTheJarOnFirstUseAndAgainWhenSourcesChange() throws Exception {
        Path checkout = Files.createDirectories(directory.resolve("fresh clone"));
        Files.copy(Launcher.HOME.resolve("koldy"), checkout.resolve("koldy"));
        Files.copy(Launcher.HOME.resolve("pom.xml"), checkout.resolve("pom.xml"));
        Files.createDirectories(checkout.resolve("core"));
        Files.copy(Launcher.HOME.resolve("core/pom.xml"), checkout.resolve("core/pom.xml"));
        copyTree(Launcher.HOME.resolve("core/src/main"), checkout.resolve("core/src/main"));
        List<String> launcher = List.of("sh", checkout.resolve("koldy").toString());

        Result first = Launcher.run(launcher, checkout, Map.of(), "--version");
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.err().contains("building"), "first use builds the jar: " + first);
        assertTrue(Files.exists(checkout.resolve("core/target/koldy.jar")));

        assertTrue(first.out().endsWith("(built outside a git checkout)\n"), first.out());
        Result second = Launcher.run(launcher, checkout, Map.of(), "--version");
        assertFalse(second.err().contains("building"), "an up-to-date jar is not rebuilt: " + second);

        Path source = checkout.resolve("core/src/main/java/koldy/Db.java");
        Files.setLastModifiedTime(source, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Result third = Launcher.run(launcher, checkout, Map.of(), "--version");
        assertEquals(0, third.exitCode(), third.toString());
        assertTrue(third.err().contains("building"), "a changed source rebuilds the jar: " + third);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** The Docker image's entrypoint, run here as the image runs it (no Docker engine needed). */
    @Test
    void dockerEntrypointRunsKoldyOnTheMountedProject() throws Exception {
        Path root = project();
        Path entrypoint = Launcher.HOME.resolve("docker/entrypoint.sh");
        Map<String, String> env = Map.of("KOLDY_LAUNCHER", Launcher.HOME.resolve("koldy").toString(),
                "KOLDY_ROOT", root.toString(), "KOLDY_DEFAULT_URL", "jdbc:sqlite:storage/from-env.db");

        Result result = Launcher.run(List.of("sh", entrypoint.toString()), directory, env, "migrate");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(Files.exists(root.resolve("storage/from-env.db")), "configured purely through KOLDY_* variables");
        Result missing = Launcher.run(List.of("sh", entrypoint.toString()), directory,
                Map.of("KOLDY_LAUNCHER", Launcher.HOME.resolve("koldy").toString(), "KOLDY_ROOT", "/no/such/app"),
                "migrate");
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("/no/such/app does not exist"), missing.toString());
    }

    @Test
    void noColoursWhenNotOnATerminalOrWhenAskedNotTo() throws Exception {
        Path root = project();
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("NO_COLOR", "1"))) {
            Result result = Launcher.run(root, env, "--no-color", "rollback", "x");
            assertEquals(2, result.exitCode());
            assertFalse(result.all().contains("\u001b["), "no ANSI escapes: " + result);
            assertTrue(result.err().startsWith("Error: "), result.toString());
        }
    }
}
