package koldy.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import koldy.KoldyException;
import koldy.KoldyException.Reason;
import koldy.MigrationFile;
import koldy.config.Config;
import koldy.dialect.SqlSyntax;

/**
 * The migrations of one run, loaded: Java files compiled (all of them, through the cache), and
 * for the ones about to run, classes instantiated and SQL files parsed, all before any runs.
 */
public final class Migrations {

    private final Config config;
    private final MigrationSource source;
    private final MigrationClasses compiled;
    private final Function<String, SqlSyntax> syntaxOfConnection;

    private Migrations(Config config, MigrationSource source, MigrationClasses compiled,
                       Function<String, SqlSyntax> syntaxOfConnection) {
        this.config = config;
        this.source = source;
        this.compiled = compiled;
        this.syntaxOfConnection = syntaxOfConnection;
    }

    /** Compiles every Java migration; a compile error anywhere stops the run before it starts. */
    public static Migrations load(Config config, List<MigrationFile> files, MigrationSource source,
                           Function<String, SqlSyntax> syntaxOfConnection) {
        List<MigrationFile> java = files.stream().filter(f -> f.kind() == MigrationFile.Kind.JAVA).toList();
        return new Migrations(config, source, source.classes(java), syntaxOfConnection);
    }

    /** Makes each file ready to run; any error (a malformed SQL file, a bad class) comes before any runs. */
    public List<Executable> prepare(List<MigrationFile> files) {
        List<Executable> ready = new ArrayList<>();
        for (MigrationFile file : files) {
            if (file.kind() == MigrationFile.Kind.PHP) {
                throw KoldyException.refused(Reason.NOT_RUNNABLE, "Cannot run " + file.script() + ": "
                        + config.display(file)
                        + " is a Koldy PHP migration, and koldy runs only .sql and .java ones. Nothing was run."
                        + " Run it with Koldy PHP, or give it a .sql or .java twin of the same name.");
            }
            ready.add(file.kind() == MigrationFile.Kind.JAVA ? java(file) : sql(file));
        }
        return ready;
    }

    /** A compiled Java migration, whose {@code connection()} names a configured connection. */
    private JavaExecutable java(MigrationFile file) {
        String source = this.source.javaSource(file);
        JavaExecutable migration = new JavaExecutable(file, compiled.instantiate(file),
                source != null && MigrationCreator.isUntouchedTemplate(source));
        String named;
        try {
            named = migration.connection();
        } catch (RuntimeException | Error e) {
            throw KoldyException.invalidMigration(config.display(file) + ": connection() threw " + e
                    + ". Nothing was run.");
        }
        if (named != null && config.connection(named) == null) {
            throw KoldyException.invalidMigration(config.display(file) + ": connection() names connection '"
                    + named + "', which is not configured. Nothing was run.");
        }
        return migration;
    }

    private SqlExecutable sql(MigrationFile file) {
        String shown = config.display(file);
        String content = source.text(file);
        // Split by the rules of the database it runs on; its header may name another connection.
        SqlScript script = SqlScript.parse(content, shown, named -> {
            String connection = named == null ? config.defaultConnection().name() : named;
            if (config.connection(connection) == null) {
                throw KoldyException.invalidMigration(shown + ": '-- koldy:connection " + connection
                        + "' names a connection that is not configured.");
            }
            return syntaxOfConnection.apply(connection);
        });
        return new SqlExecutable(file, script, shown);
    }
}
