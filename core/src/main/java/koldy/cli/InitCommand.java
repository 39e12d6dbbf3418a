package koldy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.cli.Option;

import koldy.KoldyException;
import koldy.load.Version;
import koldy.util.Log;

/**
 * Sets up an existing project for koldy, never overwriting a file: the configuration, the
 * migrations directory, the launchers, and the project's own copy of koldy's jar in
 * {@code .koldy/}, which pins the version the way the Maven wrapper's committed jar does.
 */
final class InitCommand implements Command {

    private static final Log LOG = Log.named("koldy");
    static final String PINNED_JAR = ".koldy/koldy.jar";
    static final String PINNED_VERSION = ".koldy/koldy.properties";

    /** A new project's directory is the one it is run in, even inside another project. */
    @Override
    public boolean findsProjectRoot() {
        return false;
    }

    @Override
    public String name() {
        return "init";
    }

    @Override
    public String synopsis() {
        return "init [DIR] [--commit-jar]";
    }

    @Override
    public String summary() {
        return "set up a project (default: the current directory) for koldy; never overwrites a file";
    }

    @Override
    public String details() {
        return """
                Creates, where they are missing:
                  configs/database.properties   the connections (SQLite under storage/ to start with)
                  application/migrations/       where migrations go
                  koldy, koldy.bat              the launchers, which need only a JDK
                  .koldy/koldy.properties       the project's pinned koldy: its version and SHA-256;
                                                the launcher fetches that version once, from Maven
                                                Central (or repository=) into ~/.cache/koldy
                  .koldy/koldy.jar              with --commit-jar instead: this koldy's jar itself,
                                                for teams that build offline
                  .gitignore, .gitattributes    lines added where missing: the local SQLite file and
                                                koldy's cache ignored, the launchers' line endings kept
                Commit them all; application/migrations/.gitkeep keeps the empty directory in git.
                To move the project to another koldy version, run that version's koldy init
                after deleting .koldy/koldy.properties (or replace .koldy/koldy.jar).""";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.builder().longOpt("commit-jar")
                .desc("copy koldy's jar into the project (.koldy/koldy.jar) instead of pinning its version").get());
    }

    /** Its arguments are checked as it runs. */
    @Override
    public void check(Invocation invocation) {
    }

    @Override
    public int run(Invocation invocation) {
        List<String> args = invocation.arguments();
        if (args.size() > 1) {
            throw KoldyException.usage("init takes at most one directory (got: " + String.join(" ", args) + ")");
        }
        Path project = args.isEmpty() ? invocation.root() : invocation.root().resolve(args.get(0)).normalize();
        if (Files.exists(project) && !Files.isDirectory(project)) {
            throw KoldyException.usage(project + " is not a directory.");
        }
        List<String> kept = new ArrayList<>();
        try {
            Files.createDirectories(project);
            resource(project, "configs/database.properties", "database.properties", false, kept);
            Path migrations = project.resolve("application/migrations");
            if (Files.isDirectory(migrations)) {
                kept.add("application/migrations/");
            } else {
                Files.createDirectories(migrations);
                Files.createFile(migrations.resolve(".gitkeep")); // git keeps no empty directory
                LOG.info("Created application/migrations/ (with a .gitkeep, so that git keeps it while empty)");
            }
            resource(project, "koldy", "koldy", true, kept);
            resource(project, "koldy.bat", "koldy.bat", false, kept);
            pin(project, invocation.flag("commit-jar"), invocation.environment(), kept);
            lines(project, ".gitignore", GIT_IGNORED, kept);
            lines(project, ".gitattributes", GIT_ATTRIBUTES, kept);
        } catch (IOException e) {
            throw KoldyException.config("Cannot set up " + project + ": " + e.getMessage());
        }
        for (String file : kept) {
            LOG.info("Kept {}: it exists", file);
        }
        String shown = invocation.displayPath(project);
        String next = "./koldy create-migration create-users-table, write it, then ./koldy migrate";
        LOG.info("Next: {}", shown.isEmpty() || shown.equals(".") ? next
                : "cd " + (shown.contains(" ") ? "'" + shown + "'" : shown) + ", then " + next);
        return 0;
    }

    /**
     * What git must not track: the local SQLite database (and its journal and lock files) and
     * koldy's compile cache, where the SQLite driver's native library is kept too.
     */
    private static final List<String> GIT_IGNORED = List.of("/storage/koldy.sqlite", "/storage/koldy.sqlite-*",
            "/storage/koldy.sqlite.koldy-lock", "/storage/koldy-cache/");

    /**
     * The launchers' line endings, whatever the repository's text settings: sh stops at a CR, and
     * cmd.exe misreads labels in a batch file with bare LFs.
     */
    private static final List<String> GIT_ATTRIBUTES = List.of("/koldy text eol=lf", "/koldy.bat text eol=crlf");

    /** Adds to a file the lines it lacks (creating it if needed); never removes or changes one. */
    private static void lines(Path project, String name, List<String> wanted, List<String> kept) throws IOException {
        Path file = project.resolve(name);
        List<String> present = Files.exists(file) ? Files.readAllLines(file).stream().map(String::strip).toList()
                : List.of();
        List<String> missing = wanted.stream().filter(line -> !present.contains(line)).toList();
        if (missing.isEmpty()) {
            kept.add(name);
            return;
        }
        String existing = Files.exists(file) ? Files.readString(file) : "";
        String separator = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
        Files.writeString(file, existing + separator + (existing.isEmpty() ? "" : "\n") + "# koldy\n"
                + String.join("\n", missing) + "\n");
        LOG.info(existing.isEmpty() ? "Created {}" : "Added koldy's lines to {}", name);
    }

    /**
     * Pins this koldy for the project: its version and checksum in .koldy/koldy.properties, with
     * this jar put into the per-user cache the launcher fetches into (so this machine never
     * downloads it), or, asked to, the jar itself committed as .koldy/koldy.jar.
     */
    private static void pin(Path project, boolean commitJar, java.util.Map<String, String> environment,
                            List<String> kept) throws IOException {
        Path jar = project.resolve(PINNED_JAR);
        Path properties = project.resolve(PINNED_VERSION);
        if (Files.exists(jar) || Files.exists(properties)) {
            kept.add(Files.exists(jar) ? PINNED_JAR : PINNED_VERSION);
            return;
        }
        Path running = runningJar();
        Files.createDirectories(jar.getParent());
        // the class-data archive the launcher makes beside a committed jar belongs to one machine
        Files.writeString(jar.resolveSibling(".gitignore"), "*.jsa\n*.tmp\n");
        if (commitJar) {
            Files.copy(running, jar);
            LOG.info("Created {} (koldy {})", PINNED_JAR, Version.current());
            return;
        }
        String version = Version.current();
        String sha256 = koldy.load.Checksums.ofBytes(Files.readAllBytes(running));
        Files.writeString(properties, """
                # The koldy this project runs: ./koldy fetches this version once from a Maven repository
                # into a per-user cache (~/.cache/koldy), checks its SHA-256, and runs it, as the Maven
                # wrapper pins Maven. To upgrade, run the new version's koldy init after deleting this file.
                version=%s
                sha256=%s
                # A company mirror instead of Maven Central (KOLDY_REPOSITORY overrides it):
                #repository=https://repo.maven.apache.org/maven2
                """.formatted(version, sha256));
        Path cached = cachedJar(environment, version, sha256);
        if (!Files.exists(cached)) {
            Files.createDirectories(cached.getParent());
            Path partial = cached.resolveSibling(cached.getFileName() + "." + ProcessHandle.current().pid() + ".part");
            Files.copy(running, partial, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, cached, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        LOG.info("Created {} (koldy {}; this jar is in {}, so this machine fetches nothing)", PINNED_VERSION,
                version, cached.getParent());
        if (version.endsWith("-SNAPSHOT") || version.equals("development")) {
            LOG.warn("koldy {} is not a release, so no repository serves it: other machines cannot fetch it. Commit"
                    + " the jar instead (delete {} and run init --commit-jar), or pin a release.", version,
                    PINNED_VERSION);
        }
    }

    /** Where the launcher keeps a fetched version: the path ./koldy (or koldy.bat, on Windows) computes. */
    static Path cachedJar(java.util.Map<String, String> environment, String version, String sha256) {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        Path cache = set(environment, "KOLDY_USER_CACHE") ? Path.of(environment.get("KOLDY_USER_CACHE"))
                : windows && set(environment, "LOCALAPPDATA") ? Path.of(environment.get("LOCALAPPDATA"), "koldy")
                : !windows && set(environment, "XDG_CACHE_HOME") ? Path.of(environment.get("XDG_CACHE_HOME"), "koldy")
                : Path.of(System.getProperty("user.home"), ".cache", "koldy");
        return cache.resolve(version).resolve("koldy-" + version + "-" + sha256.substring(0, 12) + ".jar");
    }

    private static boolean set(java.util.Map<String, String> environment, String name) {
        return environment.get(name) != null && !environment.get(name).isBlank();
    }

    /** Copies one of the files packed in the jar, unless the project has it already. */
    private static void resource(Path project, String target, String name, boolean executable, List<String> kept)
            throws IOException {
        Path file = project.resolve(target);
        if (Files.exists(file)) {
            kept.add(target);
            return;
        }
        try (InputStream in = InitCommand.class.getResourceAsStream("/koldy/init/" + name)) {
            if (in == null) {
                throw KoldyException.config("This koldy build lacks its " + name + " template; run init from the"
                        + " koldy distribution's launcher.");
            }
            Files.createDirectories(file.getParent());
            try {
                Files.copy(in, file);
            } catch (FileAlreadyExistsException raced) {
                kept.add(target);
                return;
            }
        }
        if (executable) {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException windows) {
                // no POSIX permissions there; koldy.bat is what runs
            }
        }
        LOG.info("Created {}", target);
    }

    /** The jar this koldy runs from. */
    private static Path runningJar() {
        try {
            Path location = Path.of(InitCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location)) {
                return location;
            }
        } catch (URISyntaxException | SecurityException e) {
            // falls through to the error below
        }
        throw KoldyException.config("koldy init copies koldy's jar into the project, but this koldy is not running"
                + " from a jar; run init with the distribution's launcher (or java -jar koldy.jar init).");
    }
}
