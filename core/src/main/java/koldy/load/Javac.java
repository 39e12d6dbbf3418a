package koldy.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

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

import koldy.KoldyException;
import koldy.Migration;
import koldy.MigrationFile;

/**
 * The JDK's compiler, and the only class of koldy that touches {@code javax.tools}: a runtime
 * without the java.compiler module loads it only when there is a Java migration to compile.
 */
final class Javac {

    /**
     * Files per javac task. One task for 10,000 files holds every syntax tree at once: a cold run
     * of 10,000 Java migrations peaked at 303 MiB, and at 202 MiB in tasks of 1000, no slower.
     * (Tasks of 250 were no smaller and twice as slow: each task costs its own start.)
     */
    static final int BATCH = 1000;

    private Javac() {
    }

    /**
     * Compiles the files, in memory, in tasks of {@link #BATCH} files. Migrations may refer to
     * one another, which only one task for all of them can resolve: when a task fails, they are
     * compiled again in one task, whose errors, if any, are the real ones.
     *
     * @param read    a file's text
     * @param display a path as the user knows it, for messages
     * @throws KoldyException listing every error, javac-style, when any file does not compile
     */
    static Map<MigrationFile, Map<String, byte[]>> compile(List<MigrationFile> files,
                                                            Function<MigrationFile, String> read,
                                                            Function<Path, String> display) {
        return compile(files, read, display, BATCH);
    }

    static Map<MigrationFile, Map<String, byte[]>> compile(List<MigrationFile> files,
                                                            Function<MigrationFile, String> read,
                                                            Function<Path, String> display, int batch) {
        if (files.size() <= batch) {
            return compileTogether(files, read, display);
        }
        Map<MigrationFile, Map<String, byte[]>> classes = new LinkedHashMap<>();
        try {
            for (int from = 0; from < files.size(); from += batch) {
                classes.putAll(compileTogether(files.subList(from, Math.min(from + batch, files.size())), read,
                        display));
            }
            return classes;
        } catch (KoldyException acrossBatches) {
            return compileTogether(files, read, display);
        }
    }

    /** Compiles the files in one javac task. */
    private static Map<MigrationFile, Map<String, byte[]>> compileTogether(List<MigrationFile> files,
                                                                            Function<MigrationFile, String> read,
                                                                            Function<Path, String> display) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw JavaMigrationCompiler.noCompiler();
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<URI, MigrationFile> bySource = new LinkedHashMap<>();
        Map<URI, String> texts = new java.util.HashMap<>();
        List<SourceFile> sources = new ArrayList<>();
        for (MigrationFile file : files) {
            String text = read.apply(file);
            SourceFile source = new SourceFile(file, text);
            sources.add(source);
            bySource.put(source.toUri(), file);
            texts.put(source.toUri(), text);
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
                String where = file == null ? "" : display.apply(file.path()) + ":" + d.getLineNumber() + ": ";
                errors.add(where + javacStyle(d, file == null ? null : texts.get(d.getSource().toUri())));
            }
        }
        if (!ok || !errors.isEmpty()) {
            throw KoldyException.invalidMigration("Compile error" + (errors.size() > 1 ? "s" : "")
                    + " in migrations; nothing was run:\n  " + String.join("\n  ", errors));
        }
        for (MigrationFile file : files) {
            Map<String, byte[]> classes = output.classes.getOrDefault(file, Map.of());
            if (!classes.containsKey(file.className())) {
                throw KoldyException.invalidMigration(display.apply(file.path())
                        + ": must declare class " + file.className()
                        + " extends koldy.Migration (the class name follows the file name).");
            }
        }
        return output.classes;
    }

    /** javac's whole diagnostic, as javac prints it: the message, its details, the line and a caret. */
    private static String javacStyle(Diagnostic<? extends JavaFileObject> d, String text) {
        StringBuilder out = new StringBuilder();
        List<String> message = d.getMessage(Locale.ROOT).lines().toList();
        out.append(message.isEmpty() ? "" : message.get(0));
        for (String detail : message.subList(Math.min(1, message.size()), message.size())) {
            out.append("\n    ").append(detail.strip());
        }
        if (text != null && d.getLineNumber() > 0) {
            List<String> lines = text.lines().toList();
            if (d.getLineNumber() <= lines.size()) {
                String line = lines.get((int) d.getLineNumber() - 1);
                out.append("\n    ").append(line);
                if (d.getColumnNumber() > 0 && d.getColumnNumber() <= line.length() + 1) {
                    StringBuilder caret = new StringBuilder();
                    for (int i = 0; i < d.getColumnNumber() - 1; i++) {
                        caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
                    }
                    out.append("\n    ").append(caret).append('^');
                }
            }
        }
        return out.toString();
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
