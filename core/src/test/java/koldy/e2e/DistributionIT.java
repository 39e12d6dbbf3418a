package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import koldy.testing.Launcher;
import koldy.testing.Launcher.Result;
import koldy.testing.Projects;
import koldy.testing.TestDatabase;

/**
 * The built distribution, as a team adopting koldy uses it: unpacked into a path with spaces,
 * with no Maven on the PATH, it runs as a project of its own, sets up another project with
 * {@code init}, and that project creates, runs, shows and rolls back migrations on SQLite and
 * PostgreSQL through its own launcher and pinned jar.
 */
class DistributionIT {

    @TempDir
    Path directory;

    @RegisterExtension
    final Projects projects = new Projects();

    @Test
    void theDistributionRunsWithAJdkAloneAndSetsUpAnotherProject() throws Exception {
        Path archive;
        try (Stream<Path> files = Files.list(Launcher.TARGET)) {
            archive = files.filter(f -> f.getFileName().toString().matches("koldy-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("mvn package builds target/koldy-<version>.tar.gz"));
        }
        Path unpacked = Files.createDirectories(directory.resolve("with spaces"));
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", unpacked.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor());
        Path home;
        try (Stream<Path> dirs = Files.list(unpacked)) {
            home = dirs.findFirst().orElseThrow();
        }
        for (String part : List.of("koldy", "koldy.bat", "lib/koldy.jar", "configs/database.properties", "LICENSE",
                "README.txt")) {
            assertTrue(Files.isRegularFile(home.resolve(part)), part);
        }
        assertTrue(Files.isDirectory(home.resolve("application/migrations")));
        // Maven "removed": an mvn first on the PATH that records being called and fails
        Path fakeBin = Files.createDirectories(directory.resolve("bin"));
        Path mavenCalled = directory.resolve("maven-was-called");
        Files.writeString(fakeBin.resolve("mvn"), "#!/bin/sh\ntouch '" + mavenCalled + "'\nexit 127\n");
        Files.setPosixFilePermissions(fakeBin.resolve("mvn"), java.nio.file.attribute.PosixFilePermissions
                .fromString("rwxr-xr-x"));
        Map<String, String> env = new HashMap<>(Map.of("PATH", fakeBin + File.pathSeparator
                + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "KOLDY_USER_CACHE",
                directory.resolve("user-cache").toString()));

        // the distribution is a project of its own: the first run, timed for the record
        long started = System.nanoTime();
        Result own = run(home, home, env, "migrate");
        System.out.printf("distribution: %d KiB; first ./koldy migrate from it: %d ms%n",
                Files.size(archive) / 1024, (System.nanoTime() - started) / 1_000_000);
        assertEquals(0, own.exitCode(), own.toString());
        assertFalse(own.all().contains("building"), "no build in a distribution: " + own);

        // an existing git repository, whose own settings init merges into, never replaces
        Path project = Files.createDirectories(directory.resolve("my project"));
        git(project, "init", "-q");
        Files.writeString(project.resolve(".gitignore"), "target/\n");
        Files.writeString(project.resolve(".gitattributes"), "* text=auto\n");
        Result init = run(home, directory, env, "init", project.toString());
        assertEquals(0, init.exitCode(), init.toString());
        assertTrue(init.out().contains("Created .koldy/koldy.properties"), init.toString());
        assertFalse(Files.exists(project.resolve(".koldy/koldy.jar")), "the version is pinned, not the jar committed");
        assertTrue(Files.isExecutable(project.resolve("koldy")));
        Files.writeString(project.resolve("configs/database.properties"), "# mine\n" + Files.readString(
                project.resolve("configs/database.properties")));
        Result again = run(home, directory, env, "init", project.toString());
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains("Kept configs/database.properties: it exists"), again.toString());
        assertTrue(Files.readString(project.resolve("configs/database.properties")).startsWith("# mine\n"));

        Result created = run(project, project, env, "create-migration", "create-things", "--sql");
        assertEquals(0, created.exitCode(), created.toString());
        Path migration;
        try (Stream<Path> files = Files.list(project.resolve("application/migrations"))) {
            migration = files.filter(f -> f.toString().endsWith(".sql")).findFirst().orElseThrow();
        }
        Files.writeString(migration, "-- koldy:up\nCREATE TABLE things (id integer);\n-- koldy:down\nDROP TABLE things;\n");

        for (TestDatabase database : List.of(TestDatabase.SQLITE, TestDatabase.POSTGRES)) {
            Map<String, String> on = new HashMap<>(env);
            if (database != TestDatabase.SQLITE) {
                on.put("KOLDY_DEFAULT_URL", projects.create(database, Files.createDirectories(directory.resolve("pg"))).url());
            }
            Result migrate = run(project, project, on, "migrate");
            assertEquals(0, migrate.exitCode(), database + ": " + migrate);
            assertTrue(migrate.out().contains("Migrated " + migration.getFileName().toString().replace(".sql", "")),
                    migrate.toString());
            Result status = run(project, project, on, "status");
            assertEquals(0, status.exitCode(), status.toString());
            assertTrue(status.out().contains("1 executed"), status.toString());
            Result rollback = run(project, project, on, "rollback");
            assertEquals(0, rollback.exitCode(), rollback.toString());
            assertTrue(rollback.out().contains("Rolled back"), rollback.toString());
        }
        assertFalse(Files.exists(mavenCalled), "the distribution never needs Maven");

        // after init and a first migrate, git sees the project's files and none of koldy's local ones
        assertTrue(Files.readString(project.resolve(".gitignore")).startsWith("target/\n"), "merged, not replaced");
        assertTrue(Files.readString(project.resolve(".gitattributes")).startsWith("* text=auto\n"));
        assertTrue(Files.exists(project.resolve("storage/koldy.sqlite")));
        git(project, "add", "-A");
        List<String> tracked = git(project, "ls-files").lines().toList();
        assertTrue(tracked.containsAll(List.of(".gitattributes", ".gitignore", ".koldy/.gitignore", ".koldy/koldy.properties",
                "application/migrations/.gitkeep", "configs/database.properties", "koldy", "koldy.bat")), tracked.toString());
        assertTrue(tracked.stream().noneMatch(f -> f.startsWith("storage/")), "nothing under storage/: " + tracked);
        assertTrue(git(project, "check-attr", "eol", "koldy.bat", "koldy").contains("koldy.bat: eol: crlf\nkoldy: eol: lf"));
        Result third = run(home, directory, env, "init", project.toString());
        assertTrue(third.out().contains("Kept .gitignore"), third.toString());
        assertEquals(1, Files.readString(project.resolve(".gitignore")).split("# koldy", -1).length - 1,
                "koldy's lines are added once");
    }

    private static String git(Path directory, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@t"));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes());
        assertEquals(0, git.waitFor(), String.join(" ", args) + ": " + output);
        return output;
    }

    /** Runs a koldy launcher (its own directory's) from a working directory. */
    private static Result run(Path launcherHome, Path workingDirectory, Map<String, String> env, String... args) {
        return Launcher.run(List.of("sh", launcherHome.resolve("koldy").toString()), workingDirectory, env, args);
    }
}
