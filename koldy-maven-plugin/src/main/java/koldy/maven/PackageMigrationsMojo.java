package koldy.maven;

import java.io.File;
import java.util.List;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import koldy.KoldyException;
import koldy.MigrationFile;
import koldy.migrate.ClasspathMigrations;
import koldy.migrate.MigrationPackager;

/**
 * The build step for an application that runs its migrations itself (a Spring Boot fat jar, say):
 * compiles the Java migrations with the same checks and class names as the command line, copies
 * the SQL ones, and writes the index that {@code Koldy.configure().classpathMigrations()} reads, so
 * the packaged application needs no migrations directory and no compiler.
 */
@Mojo(name = "package-migrations", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class PackageMigrationsMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    File basedir;

    /** The migrations to package. */
    @Parameter(property = "koldy.migrationsDirectory", defaultValue = "${project.basedir}/application/migrations")
    File migrationsDirectory;

    /** Where the application's classes are built. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    File outputDirectory;

    /** The resource folder of the SQL files and the index. */
    @Parameter(property = "koldy.location", defaultValue = ClasspathMigrations.DEFAULT_LOCATION)
    String location;

    @Parameter(property = "koldy.skip", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoFailureException {
        if (skip) {
            getLog().info("koldy: skipped (koldy.skip)");
            return;
        }
        try {
            List<MigrationFile> packaged = new MigrationPackager(basedir.toPath(), migrationsDirectory.toPath())
                    .write(outputDirectory.toPath(), location);
            long java = packaged.stream().filter(m -> m.kind() == MigrationFile.Kind.JAVA).count();
            getLog().info("koldy: packaged " + packaged.size() + " migration" + (packaged.size() == 1 ? "" : "s")
                    + " (" + java + " Java, compiled) into classpath:" + location);
        } catch (KoldyException e) {
            throw KoldyMojo.failure(e);
        }
    }
}
