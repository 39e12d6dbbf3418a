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
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import koldy.KoldyException;
import koldy.migrate.Version;

/**
 * Sets up an existing project for koldy, never overwriting a file: the configuration, the
 * migrations directory, the launchers, and the project's own copy of koldy's jar in
 * {@code .koldy/}, which pins the version the way the Maven wrapper's committed jar does.
 */
final class InitCommand implements Command {

    private static final Logger LOG = LogManager.getLogger("koldy");
    static final String PINNED_JAR = ".koldy/koldy.jar";

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
        return "init [DIR]";
    }

    @Override
    public String summary() {
        return "set up a project (default: the project root) for koldy; never overwrites a file";
    }

    @Override
    public String details() {
        return """
                Creates, where they are missing:
                  configs/database.properties   the connections (SQLite under storage/ to start with)
                  application/migrations/       where migrations go
                  koldy, koldy.bat              the launchers, which need only a JDK
                  .koldy/koldy.jar              this koldy's jar: the project's pinned version
                  .gitignore, .gitattributes    lines added where missing: the local SQLite file and
                                                koldy's cache ignored, the launchers' line endings kept
                Commit them all; application/migrations/.gitkeep keeps the empty directory in git.
                To move the project to another koldy version, replace .koldy/koldy.jar with that
                version's lib/koldy.jar.""";
    }

    @Override
    public List<Option> options() {
        return List.of();
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
            Path jar = project.resolve(PINNED_JAR);
            if (Files.exists(jar)) {
                kept.add(PINNED_JAR);
            } else {
                Files.createDirectories(jar.getParent());
                Files.copy(runningJar(), jar);
                // the class-data archive the launcher makes beside the jar belongs to one machine
                Files.writeString(jar.resolveSibling(".gitignore"), "*.jsa\n*.tmp\n");
                LOG.info("Created {} (koldy {})", PINNED_JAR, Version.current());
            }
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
