package koldy.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import koldy.KoldyException;
import koldy.MigrationFile;
import koldy.config.Config;

/** The command line's migrations: the files of a directory, Java ones compiled through the cache. */
public final class DirectoryMigrations implements MigrationSource {

    private final MigrationScanner scanner;
    private final JavaMigrationCompiler compiler;
    private final Path root;
    private final Path directory;

    /** Each file's bytes as the scan read them for its checksum (up to 1 MiB a file). */
    private final Map<Path, byte[]> contents = new ConcurrentHashMap<>();

    public DirectoryMigrations(Path directory, Path root, JavaMigrationCompiler compiler) {
        this(directory, root, compiler, List.of());
    }

    /** @param ignoredFiles file names (globs) in the directory that koldy leaves alone (migrations.ignore) */
    public DirectoryMigrations(Path directory, Path root, JavaMigrationCompiler compiler, List<String> ignoredFiles) {
        this.scanner = new MigrationScanner(directory, root).keepingContents(contents).ignoring(ignoredFiles);
        this.directory = directory;
        this.compiler = compiler;
        this.root = root;
    }

    @Override
    public List<MigrationFile> scan() {
        contents.clear();
        return scanner.scan();
    }

    @Override
    public MigrationClasses classes(List<MigrationFile> java) {
        return compiler.compile(java);
    }

    @Override
    public String where() {
        return Config.display(root, directory) + " (project root " + root + ")";
    }

    /**
     * A migration's text: the bytes the scan checksummed, or, for a large file, read again and
     * checked against that checksum, so that what runs is exactly what was checked and recorded.
     */
    @Override
    public String text(MigrationFile sql) {
        String shown = Config.display(root, sql.path());
        byte[] bytes = contents.get(sql.path());
        if (bytes == null) {
            bytes = SourceText.bytes(sql.path(), shown);
            if (!Checksums.ofContent(bytes).equals(sql.checksum())) {
                throw KoldyException.refused(KoldyException.Reason.CHANGED_OR_MISSING, shown + " changed while koldy"
                        + " was reading the migrations. Nothing was run; run the command again.");
            }
        }
        return SourceText.decode(bytes, shown);
    }

    @Override
    public String javaSource(MigrationFile java) {
        return text(java);
    }
}
