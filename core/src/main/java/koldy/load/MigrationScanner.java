package koldy.load;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import koldy.KoldyException;
import koldy.MigrationFile;
import koldy.config.Config;
import koldy.util.Log;

/**
 * Finds the migration files of a directory, in timestamp order, then by name (Koldy PHP can give
 * two migrations one timestamp). A {@code .php} file is Koldy PHP's: it counts as the migration
 * when it is the only file of its name, and is Koldy PHP's twin of a {@code .sql} or {@code .java}
 * file of the same name otherwise.
 */
public final class MigrationScanner {

    private static final Log LOG = Log.of(MigrationScanner.class);
    /** A SQL migration's name may hold '-' (real histories do); a Java one's is its class name. */
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{1,18})_([A-Za-z0-9_]+\\.java|[A-Za-z0-9_-]+\\.sql)");
    /** What looks like a migration (a timestamp, '_', then anything): refused, never skipped, when unusable. */
    private static final Pattern LOOKS_LIKE_ONE = Pattern.compile("\\d{1,18}_.*\\.(?i:java|sql)");
    /** Koldy PHP reads only names with exactly one underscore. */
    private static final Pattern PHP_FILE_NAME = Pattern.compile("(\\d{1,18})_([A-Za-z0-9]+)\\.php");

    private final Path directory;
    private final Path root;

    public MigrationScanner(Path directory, Path root) {
        this.directory = directory;
        this.root = root;
    }

    /** Files up to this size keep the bytes their checksum was taken of, for the run to use. */
    private static final int KEPT_UP_TO = 1 << 20;
    private Map<Path, byte[]> kept;
    private List<java.nio.file.PathMatcher> ignored = List.of();

    /**
     * Keeps, in {@code into}, the bytes of each migration file up to 1 MiB as read for its
     * checksum, so that a run reads each file once and runs exactly the text it checksummed.
     */
    MigrationScanner keepingContents(Map<Path, byte[]> into) {
        this.kept = into;
        return this;
    }

    /** File names (globs) this scan leaves alone, as migrations.ignore lists them. */
    MigrationScanner ignoring(List<String> globs) {
        this.ignored = globs.stream()
                .map(glob -> java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob)).toList();
        return this;
    }

    public List<MigrationFile> scan() {
        if (!Files.isDirectory(directory)) {
            throw KoldyException.config("Migration directory " + shown(directory) + " does not exist in project root "
                    + root + " (set migrations.directory in the configuration, or create it with"
                    + " ./koldy create-migration <name>).");
        }
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path path : (Iterable<Path>) entries.sorted()::iterator) {
                String fileName = path.getFileName().toString();
                if (isIgnored(path.getFileName())) {
                    LOG.debug("Ignoring {} (migrations.ignore)", shown(path));
                    continue;
                }
                if (PHP_FILE_NAME.matcher(fileName).matches()) {
                    candidates.add(path);
                    continue;
                }
                if (LOOKS_LIKE_ONE.matcher(fileName).matches()) {
                    refuseIfUnusable(path, fileName);
                    candidates.add(path);
                    continue;
                }
                if (fileName.endsWith(".java") || fileName.endsWith(".sql")) {
                    LOG.warn("Ignoring {}: a migration file is named <timestamp>_<Name>.java or .sql", shown(path));
                }
            }
        } catch (IOException e) {
            throw KoldyException.config("Cannot read migration directory " + shown(directory) + ": " + e.getMessage());
        }
        // One thread: on a cold JVM, spreading a thousand small reads over the cores costs more than it saves.
        List<MigrationFile> files = new ArrayList<>(candidates.size());
        for (Path path : candidates) {
            MigrationFile file = read(path);
            if (file != null) {
                files.add(file);
            }
        }
        Map<String, MigrationFile> byScript = new HashMap<>();
        for (MigrationFile file : files) {
            MigrationFile twin = byScript.putIfAbsent(file.script(), file);
            if (twin == null || file.kind() == MigrationFile.Kind.PHP) {
                continue;
            }
            if (twin.kind() != MigrationFile.Kind.PHP) {
                throw KoldyException.invalidMigration("Two migrations are named " + file.script() + ": "
                        + shown(twin.path())
                        + " and " + shown(file.path()) + ". Keep one; the history records a migration by this name.");
            }
            byScript.put(file.script(), file); // the .php file is Koldy PHP's twin of this one
        }
        List<MigrationFile> migrations = new ArrayList<>(byScript.values());
        migrations.sort(Comparator.comparingLong(MigrationFile::timestamp).thenComparing(MigrationFile::script));
        return migrations;
    }

    private boolean isIgnored(Path fileName) {
        for (java.nio.file.PathMatcher matcher : ignored) {
            if (matcher.matches(fileName)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A file named like a migration that koldy cannot run is an error, not skipped while newer
     * migrations run past it: a broken link, {@code .SQL}, a Java migration whose name is no
     * class name.
     */
    private void refuseIfUnusable(Path path, String fileName) {
        String problem = !Files.isRegularFile(path)
                ? Files.isSymbolicLink(path) ? "is a link to a file that does not exist" : "is not a regular file"
                : !(fileName.endsWith(".java") || fileName.endsWith(".sql"))
                ? "has an upper-case extension; koldy reads <timestamp>_<Name>.sql and .java"
                : !FILE_NAME.matcher(fileName).matches()
                ? fileName.endsWith(".java")
                ? "is a Java migration whose name is not a class name (letters, digits and _ after the timestamp)"
                : "has a character a migration's name cannot hold (letters, digits, _ and - after the timestamp)"
                : null;
        if (problem != null) {
            throw KoldyException.invalidMigration(shown(path) + " looks like a migration but " + problem
                    + ". Nothing was run. Fix its name, move it out of " + shown(directory)
                    + ", or list it in migrations.ignore.");
        }
    }

    /**
     * A migration file (checked to be usable when it was found), or null for a directory named
     * like a Koldy PHP migration.
     */
    private MigrationFile read(Path path) {
        String fileName = path.getFileName().toString();
        MigrationFile.Kind kind = fileName.endsWith(".php") ? MigrationFile.Kind.PHP
                : fileName.endsWith(".java") ? MigrationFile.Kind.JAVA : MigrationFile.Kind.SQL;
        if (kind == MigrationFile.Kind.PHP && !Files.isRegularFile(path)) {
            return null;
        }
        Matcher m = (kind == MigrationFile.Kind.PHP ? PHP_FILE_NAME : FILE_NAME).matcher(fileName);
        if (!m.matches()) {
            throw new IllegalStateException("filtered before");
        }
        String name = kind == MigrationFile.Kind.PHP ? m.group(2) : m.group(2).substring(0, m.group(2).lastIndexOf('.'));
        // FileInputStream: about twice as fast as Files.readAllBytes on a cold JVM, for the same bytes.
        try (InputStream in = new FileInputStream(path.toFile())) {
            byte[] content = in.readAllBytes();
            if (kept != null && kind != MigrationFile.Kind.PHP && content.length <= KEPT_UP_TO) {
                kept.put(path, content);
            }
            return new MigrationFile(Long.parseLong(m.group(1)), name, path, Checksums.ofContent(content), kind);
        } catch (IOException e) {
            throw KoldyException.invalidMigration("Cannot read " + shown(path) + ": " + e.getMessage());
        }
    }

    private String shown(Path path) {
        return Config.display(root, path);
    }
}
