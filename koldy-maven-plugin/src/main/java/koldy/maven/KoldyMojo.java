package koldy.maven;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import koldy.Advice;
import koldy.KoldyException;
import koldy.RunEvent;
import koldy.library.Koldy;

/**
 * What every koldy goal shares: the project's configuration, read as the command line reads it,
 * with the pom and {@code -D} on top, and koldy's failures as one-line build failures.
 * <p>Precedence, lowest first: {@code configs/database.properties}; the pom's
 * {@code <properties>}; {@code KOLDY_*} environment variables; {@code -Dkoldy.<key>} on the
 * command line. Keys are the file's: {@code -Dkoldy.default.url=jdbc:...} sets {@code default.url}.
 */
abstract class KoldyMojo extends AbstractMojo {

    /** Refusals name the plugin's goals, not the command line's. */
    static final Advice MAVEN = new Advice("mvn koldy:migrate", "run: mvn koldy:migrate -Dkoldy.force",
            "mvn koldy:repair", "mvn koldy:status", "mvn koldy:repair -Dkoldy.forget=%s",
            "mvn koldy:redo -Dkoldy.force", "-Dkoldy.lockTimeout=SECONDS");

    /** The goals' own settings, which are not keys of database.properties. */
    private static final Set<String> OWN_PROPERTIES = Set.of("skip", "configFile", "lockTimeout", "force", "to",
            "dryRun", "steps", "baseline", "root", "forget", "failIfNotUpToDate", "migrationsDirectory", "location",
            "tenant", "tenants", "parallel", "failFast");

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    File buildDirectory;

    /** The project root, against which relative paths resolve (as {@code --root}). */
    @Parameter(property = "koldy.root", defaultValue = "${project.basedir}")
    File root;

    /** The configuration file, relative to the root (default {@code configs/database.properties}). */
    @Parameter(property = "koldy.configFile")
    String configFile;

    /** Keys of database.properties that override the file's ({@code <default.url>...</default.url>}). */
    @Parameter
    Map<String, String> properties;

    /** How long to wait for another run's lock, in seconds. */
    @Parameter(property = "koldy.lockTimeout", defaultValue = "300")
    int lockTimeout;

    /** Works on one tenant ({@code tenants.*} of the configuration), as {@code --tenant}. */
    @Parameter(property = "koldy.tenant")
    String tenant;

    /** Skips the goal. */
    @Parameter(property = "koldy.skip", defaultValue = "false")
    boolean skip;

    @Override
    public final void execute() throws MojoFailureException {
        if (skip) {
            getLog().info("koldy: skipped (koldy.skip)");
            return;
        }
        quietPool();
        try (Koldy koldy = Koldy.configure().projectRoot(root.toPath())
                .configFile(configFile == null ? null : Path.of(configFile))
                .environment(environment())
                .cacheDirectory(buildDirectory.toPath().resolve("koldy-cache"))
                .lockTimeout(Duration.ofSeconds(lockTimeout))
                .advice(MAVEN)
                .listener(this::report)
                .tenant(tenant)
                .build()) {
            run(koldy);
        } catch (KoldyException e) {
            throw failure(e);
        }
    }

    abstract void run(Koldy koldy);

    /** What the run does, in Maven's log, in the command line's words. */
    private void report(RunEvent event) {
        if (event.warning()) {
            getLog().warn(event.message());
        } else {
            getLog().info(event.message());
        }
    }

    /**
     * HikariCP logs each pool's start and stop at INFO, which the command line keeps out of its
     * output; Maven's SLF4J logger reads a logger's level from this property when the logger is
     * made, which is after this (the pool's classes load with koldy's first connection).
     */
    private static void quietPool() {
        String property = "org.slf4j.simpleLogger.log.com.zaxxer.hikari";
        if (System.getProperty(property) == null) {
            System.setProperty(property, "warn");
        }
    }

    /** koldy's own message and reason, one line; its exit code for scripts that compare them. */
    static MojoFailureException failure(KoldyException e) {
        String reason = e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return new MojoFailureException("koldy [" + reason + ", exit code " + e.exitCode() + "]: " + e.getMessage(), e);
    }

    /** The variables koldy reads its overrides from, with the pom below the environment and -D above it. */
    private Map<String, String> environment() {
        Map<String, String> variables = new HashMap<>();
        if (properties != null) {
            properties.forEach((key, value) -> variables.put(variable(key), value));
        }
        variables.putAll(System.getenv());
        session.getUserProperties().forEach((key, value) -> {
            String name = key.toString();
            if (name.startsWith("koldy.") && !OWN_PROPERTIES.contains(name.substring("koldy.".length()))) {
                variables.put(variable(name.substring("koldy.".length())), value.toString());
            }
        });
        return variables;
    }

    /** {@code default.url} is overridden by {@code KOLDY_DEFAULT_URL}, as at the command line. */
    private static String variable(String key) {
        return "KOLDY_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }
}
