package koldy.migrate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import koldy.KoldyException;
import koldy.Migration;
import koldy.config.Config;

/**
 * Compiles Java migrations with the JDK's compiler, in memory, all in one compiler task, into a
 * cache keyed by each file's content: an unchanged file is never compiled twice. Errors come back
 * as {@code file:line: message} and nothing is run.
 */
public final class JavaMigrationCompiler {

    private static final Logger LOG = LogManager.getLogger(JavaMigrationCompiler.class);

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

    private Map<MigrationFile, Map<String, byte[]>> compileNow(List<MigrationFile> files) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw KoldyException.config("This Java runtime has no compiler, so Java migrations cannot be compiled."
                    + " Run koldy with a JDK (set JAVA_HOME to a JDK 17 or newer), not a JRE.");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<URI, MigrationFile> bySource = new LinkedHashMap<>();
        List<SourceFile> sources = new ArrayList<>();
        for (MigrationFile file : files) {
            SourceFile source = new SourceFile(file, read(file));
            sources.add(source);
            bySource.put(source.toUri(), file);
        }
        StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8);
        ClassCollector output = new ClassCollector(standard, bySource);
        List<String> options = List.of("-classpath", koldyClasspath(), "-proc:none", "-g", "-implicit:none",
                "-nowarn", "-Xlint:none");
        boolean ok = compiler.getTask(null, output, diagnostics, options, null, sources).call();
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                MigrationFile file = d.getSource() == null ? null : bySource.get(d.getSource().toUri());
                String where = file == null ? "" : display(file.path()) + ":" + d.getLineNumber() + ": ";
                errors.add(where + d.getMessage(Locale.ROOT).lines().findFirst().orElse(""));
            }
        }
        if (!ok || !errors.isEmpty()) {
            throw new KoldyException(KoldyException.USAGE_OR_CONFIG, "Compile error" + (errors.size() > 1 ? "s" : "")
                    + " in migrations; nothing was run:\n  " + String.join("\n  ", errors));
        }
        for (MigrationFile file : files) {
            Map<String, byte[]> classes = output.classes.getOrDefault(file, Map.of());
            if (!classes.containsKey(file.className())) {
                throw KoldyException.config(display(file.path()) + ": must declare public class " + file.className()
                        + " extends koldy.Migration (the class name follows the file name).");
            }
        }
        return output.classes;
    }

    private String read(MigrationFile file) {
        return SourceText.read(file.path(), display(file.path()));
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
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                Files.write(temporary.resolve(c.getKey() + ".class"), c.getValue());
            }
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

    /** Where koldy's own classes are (the jar, or a classes directory in development). */
    private static String koldyClasspath() {
        try {
            return Path.of(Migration.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | RuntimeException e) {
            return System.getProperty("java.class.path");
        }
    }

    /**
     * A source handed to javac under the name of the class it must declare, so javac's public-class
     * check matches the class name rather than the timestamped file name.
     */
    private static final class SourceFile extends SimpleJavaFileObject {
        private final String content;

        SourceFile(MigrationFile file, String content) {
            super(file.path().toUri(), Kind.SOURCE);
            this.content = content;
            this.expectedClass = file.className();
        }

        private final String expectedClass;

        @Override
        public boolean isNameCompatible(String simpleName, Kind kind) {
            return kind == Kind.SOURCE && simpleName.equals(expectedClass);
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return content;
        }
    }

    /** Keeps javac's output in memory, grouped by the source file each class came from. */
    private static final class ClassCollector extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<URI, MigrationFile> bySource;
        final Map<MigrationFile, Map<String, byte[]>> classes = new LinkedHashMap<>();

        ClassCollector(StandardJavaFileManager standard, Map<URI, MigrationFile> bySource) {
            super(standard);
            this.bySource = bySource;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) throws IOException {
            if (location != StandardLocation.CLASS_OUTPUT || kind != JavaFileObject.Kind.CLASS) {
                return super.getJavaFileForOutput(location, className, kind, sibling);
            }
            MigrationFile owner = sibling == null ? null : bySource.get(sibling.toUri());
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            classes.computeIfAbsent(owner, f -> new LinkedHashMap<>()).put(className, toByteArray());
                        }
                    };
                }
            };
        }
    }
}
