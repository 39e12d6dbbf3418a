package koldy.load;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import koldy.KoldyException;
import koldy.MigrationFile;
import koldy.config.Config;
import koldy.util.Log;

/**
 * Compiles Java migrations with the JDK's compiler, in memory, all in one compiler task, into a
 * cache keyed by each file's content: an unchanged file is never compiled twice. Errors come back
 * as {@code file:line: message} and nothing is run.
 */
public final class JavaMigrationCompiler {

    private static final Log LOG = Log.of(JavaMigrationCompiler.class);

    private final Path root;
    private final Path cacheDirectory;

    /** @param cacheDirectory where compiled classes are kept, or null to compile in memory every time */
    public JavaMigrationCompiler(Path root, Path cacheDirectory) {
        this.root = root;
        this.cacheDirectory = cacheDirectory;
    }

    /** Compiles every file not already in the cache, then returns a loader for all of them. */
    public CompiledMigrations compile(List<MigrationFile> files) {
        Map<String, Map<String, byte[]>> fresh = new HashMap<>(); // cache key -> class name -> bytes
        List<MigrationFile> toCompile = new ArrayList<>();
        for (MigrationFile file : files) {
            if (cacheDirectory == null || !Files.isDirectory(cacheEntry(file))) {
                toCompile.add(file);
            }
        }
        if (!toCompile.isEmpty()) {
            long started = System.nanoTime();
            Map<MigrationFile, Map<String, byte[]>> compiled = compileNow(toCompile);
            LOG.debug("Compiled {} migration(s) in {} ms", toCompile.size(), (System.nanoTime() - started) / 1_000_000);
            compiled.forEach((file, classes) -> {
                fresh.put(cacheKey(file), classes);
                store(file, classes);
            });
        }
        return new CompiledMigrations(files, fresh, this);
    }

    /**
     * Compiles one file again and replaces its cache entry, which was found damaged (a class file
     * cut short by a full disk or a killed copy): the cache heals itself instead of failing forever.
     */
    Map<String, byte[]> recompile(MigrationFile file) {
        Map<String, byte[]> classes = compileNow(List.of(file)).getOrDefault(file, Map.of());
        if (cacheDirectory != null) {
            try {
                deleteTree(cacheEntry(file));
            } catch (IOException e) {
                LOG.debug("Could not remove the damaged cache entry of {}: {}", file.script(), e.getMessage());
            }
            store(file, classes);
        }
        return classes;
    }

    Path cacheEntry(MigrationFile file) {
        return cacheDirectory.resolve(cacheKey(file));
    }

    boolean hasCache() {
        return cacheDirectory != null;
    }

    String display(Path path) {
        return Config.display(root, path);
    }

    /** Content, class name, koldy's version and the compiler's version: any change means recompiling. */
    static String cacheKey(MigrationFile file) {
        return Checksums.ofText(file.checksum() + "|" + file.className() + "|" + Version.current() + "|"
                + Runtime.version().feature());
    }

    /** Compiles the files now, cache or not: class name -> bytes, per file. */
    Map<MigrationFile, Map<String, byte[]>> compileNow(List<MigrationFile> files) {
        // javax.tools lives in its own class, Javac: a runtime without the java.compiler module
        // (a jlink'd JRE) still runs SQL migrations, and is named for what it lacks on a Java one.
        if (ModuleLayer.boot().findModule("java.compiler").isEmpty()) {
            throw noCompiler();
        }
        return Javac.compile(files, this::read, this::display);
    }

    /** A runtime without java.compiler, or with its API but no compiler behind it (jdk.compiler). */
    static KoldyException noCompiler() {
        return KoldyException.config("This Java runtime has no compiler (module java.compiler), so Java migrations"
                + " cannot be compiled. Run koldy with a JDK 17 or newer (set JAVA_HOME to one), not a JRE.");
    }

    private String read(MigrationFile file) {
        return SourceText.read(file.path(), display(file.path()));
    }

    /** Each cache entry's list of its class files and their checksums, written with them. */
    private static final String MANIFEST = "classes.sha256";

    /**
     * Whether a file's cache entry holds every class it was written with, each as written (a
     * nested class lost, or a class file cut short, and the migration would fail half way). An
     * entry without its list (an older koldy's) counts as damaged, and is compiled again once.
     */
    boolean entryIntact(MigrationFile file) {
        Path entry = cacheEntry(file);
        try {
            List<String> lines = Files.readAllLines(entry.resolve(MANIFEST));
            if (lines.isEmpty()) {
                return false;
            }
            for (String line : lines) {
                int space = line.indexOf(' ');
                if (space < 0) {
                    return false;
                }
                Path classFile = entry.resolve(line.substring(space + 1));
                if (!Files.isRegularFile(classFile)
                        || !Checksums.ofBytes(Files.readAllBytes(classFile)).equals(line.substring(0, space))) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Writes a compiled file's classes to its cache entry; a concurrent run writing the same entry is fine. */
    private void store(MigrationFile file, Map<String, byte[]> classes) {
        if (cacheDirectory == null) {
            return;
        }
        Path entry = cacheEntry(file);
        try {
            Files.createDirectories(cacheDirectory);
            Path temporary = Files.createTempDirectory(cacheDirectory, ".tmp-");
            StringBuilder manifest = new StringBuilder();
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                Files.write(temporary.resolve(c.getKey() + ".class"), c.getValue());
                manifest.append(Checksums.ofBytes(c.getValue())).append(' ').append(c.getKey()).append(".class\n");
            }
            Files.writeString(temporary.resolve(MANIFEST), manifest);
            try {
                Files.move(temporary, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                deleteTree(temporary);
            } catch (IOException e) {
                deleteTree(temporary);
                if (!Files.isDirectory(entry)) {
                    throw e;
                }
            }
        } catch (IOException e) {
            LOG.debug("Cannot write compile cache {}: {}", cacheDirectory, e.getMessage());
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

}
