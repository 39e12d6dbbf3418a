package koldy.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import koldy.KoldyException;
import koldy.MigrationFile;
import koldy.library.MigrationPackaging;

/**
 * The build step for an application that runs its migrations itself (a Spring Boot fat jar, say):
 * compiles the Java migrations with the same checks and class names as the command line, copies
 * the SQL ones, and writes the index that {@code Koldy.configure().classpathMigrations()} reads, so
 * the packaged application needs no migrations directory and no compiler. The tenants' migrations
 * ({@code application/tenant-migrations}), where there are some, go to their own location.
 */
@Mojo(name = "package-migrations", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class PackageMigrationsMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    File basedir;

    /** The migrations to package. */
    @Parameter(property = "koldy.migrationsDirectory", defaultValue = "${project.basedir}/application/migrations")
    File migrationsDirectory;

    /** The tenants' migrations, packaged too where the directory exists. */
    @Parameter(property = "koldy.tenantMigrationsDirectory",
            defaultValue = "${project.basedir}/application/tenant-migrations")
    File tenantMigrationsDirectory;

    /** The resource folder of the tenants' SQL files and index. */
    @Parameter(property = "koldy.tenantLocation", defaultValue = MigrationPackaging.DEFAULT_TENANT_LOCATION)
    String tenantLocation;

    /** Where the application's classes are built. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    File outputDirectory;

    /** The resource folder of the SQL files and the index. */
    @Parameter(property = "koldy.location", defaultValue = MigrationPackaging.DEFAULT_LOCATION)
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
            Map<Path, String> locations = new LinkedHashMap<>();
            locations.put(migrationsDirectory.toPath(), location);
            if (tenantMigrationsDirectory.isDirectory()) {
                locations.put(tenantMigrationsDirectory.toPath(), tenantLocation);
            }
            Map<String, List<MigrationFile>> packaged = MigrationPackaging.write(basedir.toPath(),
                    outputDirectory.toPath(), locations);
            packaged.forEach((where, migrations) -> {
                long java = migrations.stream().filter(m -> m.kind() == MigrationFile.Kind.JAVA).count();
                getLog().info("koldy: packaged " + migrations.size() + " migration" + (migrations.size() == 1 ? "" : "s")
                        + " (" + java + " Java, compiled) into classpath:" + where);
            });
        } catch (KoldyException e) {
            throw KoldyMojo.failure(e);
        }
    }
}
