package koldy.migrate;

import java.nio.file.Path;
import java.util.List;

import koldy.MigrationFile;
import koldy.config.Config;

/** The command line's migrations: the files of a directory, Java ones compiled through the cache. */
public final class DirectoryMigrations implements MigrationSource {

    private final MigrationScanner scanner;
    private final JavaMigrationCompiler compiler;
    private final Path root;
    private final Path directory;

    public DirectoryMigrations(Path directory, Path root, JavaMigrationCompiler compiler) {
        this.scanner = new MigrationScanner(directory, root);
        this.directory = directory;
        this.compiler = compiler;
        this.root = root;
    }

    @Override
    public List<MigrationFile> scan() {
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

    @Override
    public String text(MigrationFile sql) {
        return SourceText.read(sql.path(), Config.display(root, sql.path()));
    }

    @Override
    public String javaSource(MigrationFile java) {
        return text(java);
    }
}
