package koldy.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import koldy.KoldyException;
import koldy.MigrationFile;
import koldy.config.Config;
import koldy.util.Log;

/**
 * The build step for applications: compiles a directory's Java migrations (the same sources,
 * class names and checks as the command line) into a classes directory, copies the SQL ones
 * beside them, and writes the index {@link ClasspathMigrations} reads at run time, with each
 * checksum exactly as the command line records it.
 */
public final class MigrationPackager {

    private static final Log LOG = Log.named("koldy");

    private final Path root;
    private final Path migrationsDirectory;

    public MigrationPackager(Path root, Path migrationsDirectory) {
        this.root = root;
        this.migrationsDirectory = migrationsDirectory;
    }

    /**
     * Packages every migration into {@code classes}: Java classes at its top (migrations are in
     * the default package), SQL files and {@code index.tsv} under {@code location}. What an
     * earlier build packaged there and the directory no longer has is removed.
     *
     * @return the migrations packaged, as the index lists them
     */
    public List<MigrationFile> write(Path classes, String location) {
        return write(classes, Map.of(migrationsDirectory, location)).get(location);
    }

    /**
     * The same for several directories, each to its own location (the shared migrations and the
     * tenants'). Their Java classes share the top of {@code classes}, so two that would compile to
     * one class name are refused.
     *
     * @return each location's migrations, as its index lists them
     */
    public Map<String, List<MigrationFile>> write(Path classes, Map<Path, String> locations) {
        Map<String, List<MigrationFile>> packaged = new java.util.LinkedHashMap<>();
        Map<Path, Path> classSources = new java.util.HashMap<>();
        Set<Path> written = new HashSet<>();
        try {
            for (Map.Entry<Path, String> part : locations.entrySet()) {
                packaged.put(part.getValue(), write(classes, part.getKey(), part.getValue(), written, classSources));
            }
            removeStale(classes, "Migration_[0-9]*.class", written);
        } catch (IOException e) {
            throw KoldyException.config("Cannot write packaged migrations to " + Config.display(root, classes) + ": "
                    + e.getMessage());
        }
        return packaged;
    }

    private List<MigrationFile> write(Path classes, Path directory, String location, Set<Path> written,
                                      Map<Path, Path> classSources) throws IOException {
        List<MigrationFile> files = new MigrationScanner(directory, root).scan();
        List<MigrationFile> java = files.stream().filter(f -> f.kind() == MigrationFile.Kind.JAVA).toList();
        Map<MigrationFile, Map<String, byte[]>> compiled = java.isEmpty() ? Map.of()
                : new JavaMigrationCompiler(root, null).compileNow(java);
        Path folder = classes.resolve(location);
        List<MigrationFile> packaged = new ArrayList<>();
        Files.createDirectories(folder);
        for (MigrationFile file : files) {
            String resource = switch (file.kind()) {
                case JAVA -> file.className();
                case SQL -> location + "/" + file.fileName();
                case PHP -> file.fileName();
            };
            if (file.kind() == MigrationFile.Kind.SQL) {
                written.add(copy(file.path(), folder.resolve(file.fileName())));
            } else if (file.kind() == MigrationFile.Kind.JAVA
                    && MigrationCreator.isUntouchedTemplate(Files.readString(file.path()))) {
                // Not refused: the build cannot tell whether it already ran (an older koldy applied
                // templates); from the class path, where its source is not, it cannot be told apart.
                LOG.warn("{}: its up() is still the template create-migration wrote; an application that"
                        + " runs it records it as done. Write the migration, or delete the file.",
                        Config.display(root, file.path()));
            }
            for (Map.Entry<String, byte[]> c : compiled.getOrDefault(file, Map.of()).entrySet()) {
                Path target = classes.resolve(c.getKey().replace('.', '/') + ".class");
                Path earlier = classSources.putIfAbsent(target, file.path());
                if (earlier != null) {
                    throw KoldyException.config(Config.display(root, file.path()) + " and "
                            + Config.display(root, earlier) + " compile to the same class " + c.getKey()
                            + ", and packaged migrations share one class path: give one of them another"
                            + " timestamp or name.");
                }
                written.add(write(target, c.getValue()));
            }
            packaged.add(new MigrationFile(file.timestamp(), file.name(), null, file.checksum(), file.kind(),
                    resource));
        }
        byte[] index = ClasspathIndex.write(packaged).getBytes(StandardCharsets.UTF_8);
        written.add(write(folder.resolve(ClasspathIndex.FILE_NAME), index));
        removeStale(folder, "[0-9]*.sql", written);
        return packaged;
    }

    private static Path copy(Path from, Path to) throws IOException {
        return write(to, Files.readAllBytes(from));
    }

    /** Writes a file unless it already holds these bytes (an unchanged build leaves timestamps alone). */
    private static Path write(Path to, byte[] bytes) throws IOException {
        if (!Files.isRegularFile(to) || !Arrays.equals(Files.readAllBytes(to), bytes)) {
            Files.createDirectories(to.getParent());
            Files.write(to, bytes);
        }
        return to;
    }

    private static void removeStale(Path folder, String glob, Set<Path> written) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, glob)) {
            for (Path entry : entries) {
                if (!written.contains(entry)) {
                    Files.delete(entry);
                }
            }
        }
    }
}
