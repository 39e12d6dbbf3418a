package koldy.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import koldy.KoldyException;
import koldy.MigrationFile;

/**
 * Migrations that the build compiled and packaged into an application ({@link MigrationPackager}):
 * read from the class path through their index, so a fat jar on a JRE needs no directory and no
 * compiler. Every index of that name on the class path counts (an application and a library of
 * shared migrations, say); a script in two of them is an error.
 */
public final class ClasspathMigrations implements MigrationSource {

    /** Where the build puts migrations unless told otherwise. */
    public static final String DEFAULT_LOCATION = "koldy/migrations";
    /** Where the build puts the tenants' migrations unless told otherwise. */
    public static final String DEFAULT_TENANT_LOCATION = "koldy/tenant-migrations";

    private final ClassLoader loader;
    private final String location;

    /** @param location the resource folder that holds {@code index.tsv}, as {@code koldy/migrations} */
    public ClasspathMigrations(ClassLoader loader, String location) {
        this.loader = loader;
        this.location = trimSlashes(location);
    }

    @Override
    public List<MigrationFile> scan() {
        String index = location + "/" + ClasspathIndex.FILE_NAME;
        Map<String, URL> where = new HashMap<>();
        List<MigrationFile> migrations = new ArrayList<>();
        try {
            Enumeration<URL> indexes = loader.getResources(index);
            if (!indexes.hasMoreElements()) {
                throw KoldyException.config("No migrations index classpath:" + index + " on the class path: the build"
                        + " writes it (koldy-maven-plugin's package-migrations goal, in process-classes).");
            }
            while (indexes.hasMoreElements()) {
                URL url = indexes.nextElement();
                try (InputStream in = url.openStream()) {
                    for (MigrationFile file : ClasspathIndex.read(in, url.toString())) {
                        URL twin = where.putIfAbsent(file.script(), url);
                        if (twin != null) {
                            throw KoldyException.invalidMigration("Two migrations are named " + file.script()
                                    + ": in " + twin + " and in " + url + ". Keep one; the history records a"
                                    + " migration by this name.");
                        }
                        migrations.add(file);
                    }
                }
            }
        } catch (IOException e) {
            throw KoldyException.config("Cannot read the migrations index classpath:" + index + ": " + e.getMessage());
        }
        migrations.sort(Comparator.comparingLong(MigrationFile::timestamp).thenComparing(MigrationFile::script));
        return migrations;
    }

    @Override
    public MigrationClasses classes(List<MigrationFile> java) {
        return file -> {
            String shown = file.classpathLocation();
            Class<?> type;
            try {
                type = Class.forName(file.resource(), false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw KoldyException.invalidMigration("Cannot load " + file.className() + " from the class path ("
                        + e + "); the index lists it, so the application was packaged without it. Build it again.");
            }
            return MigrationClasses.instantiate(type, file, shown);
        };
    }

    @Override
    public String where() {
        return "classpath:" + location;
    }

    @Override
    public String text(MigrationFile sql) {
        String shown = sql.classpathLocation();
        byte[] bytes;
        try (InputStream in = loader.getResourceAsStream(sql.resource())) {
            if (in == null) {
                throw KoldyException.invalidMigration("Cannot read " + shown + ": the index lists it, but it is not on"
                        + " the class path. Build the application again.");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw KoldyException.invalidMigration("Cannot read " + shown + ": " + e.getMessage());
        }
        if (!Checksums.ofContent(bytes).equals(sql.checksum())) {
            throw KoldyException.invalidMigration(shown + " is not the file its index was written for (its checksum"
                    + " differs). Build the application again.");
        }
        return SourceText.decode(bytes, shown);
    }

    private static String trimSlashes(String location) {
        String trimmed = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
