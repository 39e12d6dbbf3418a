package koldy.load;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import koldy.KoldyException;

/** Writes a new, timestamp-prefixed migration stub. */
public final class MigrationCreator {

    private static final Pattern TIMESTAMP_PREFIX = Pattern.compile("(\\d{1,18})_.*");
    private static final DateTimeFormatter GENERATED_AT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Path directory;

    public MigrationCreator(Path directory) {
        this.directory = directory;
    }

    /** {@code add-email-to-users} → {@code AddEmailToUsers}; null when nothing usable is left. */
    public static String camelName(String raw) {
        StringBuilder out = new StringBuilder();
        for (String part : raw.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
            }
        }
        return out.length() == 0 ? null : out.toString();
    }

    /**
     * Creates {@code <seconds>_<CamelName>.java}; when that second is taken by another migration,
     * takes the next free second, so two migrations never overwrite each other.
     */
    public Path create(String rawName, Instant now) {
        return create(rawName, now, false);
    }

    /** @param sql write a {@code .sql} migration instead of a Java one */
    public Path create(String rawName, Instant now, boolean sql) {
        String name = camelName(rawName);
        if (name == null) {
            throw KoldyException.usage("Migration name '" + rawName + "' has no letters or digits to make a name of;"
                    + " try e.g. koldy create-migration add-email-to-users");
        }
        try {
            Files.createDirectories(directory);
            synchronized (IN_THIS_JVM) {
                try (FileChannel ignored = lockAgainstOtherProcesses()) {
                    return createIn(name, now, sql);
                }
            }
        } catch (IOException e) {
            throw KoldyException.config("Cannot write a migration to " + directory + ": " + e.getMessage());
        }
    }

    /** Creators in one JVM take turns here; creators in other processes, on the lock file. */
    private static final Object IN_THIS_JVM = new Object();

    /**
     * Two creators at once (a script, a team's tooling) must not give two names one second: each
     * takes the seconds already used, then writes its file, while holding a lock that other koldy
     * processes creating in the same directory wait for. The lock file lives in the temporary
     * directory, not among the migrations; where it cannot be made, creating goes on without it.
     *
     * @return the locked channel (closing it releases the lock), or null
     */
    private FileChannel lockAgainstOtherProcesses() {
        Path lock = Path.of(System.getProperty("java.io.tmpdir"), "koldy-create-"
                + Integer.toHexString(directory.toAbsolutePath().normalize().toString().hashCode()) + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.lock();
            return channel;
        } catch (IOException | RuntimeException e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // the lock is best effort
            }
            return null;
        }
    }

    private Path createIn(String name, Instant now, boolean sql) throws IOException {
        Set<Long> taken = takenTimestamps();
        long timestamp = now.getEpochSecond();
        while (true) {
            while (taken.contains(timestamp)) {
                timestamp++;
            }
            Path file = directory.resolve(timestamp + "_" + name + (sql ? ".sql" : ".java"));
            try {
                Files.writeString(file, sql ? sqlStub(timestamp, name, now) : javaStub(timestamp, name, now),
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return file;
            } catch (FileAlreadyExistsException e) {
                taken.add(timestamp); // created by someone else in the meantime
            }
        }
    }

    private Set<Long> takenTimestamps() throws IOException {
        Set<Long> taken = new HashSet<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.forEach(p -> {
                Matcher m = TIMESTAMP_PREFIX.matcher(p.getFileName().toString());
                if (m.matches()) {
                    taken.add(Long.parseLong(m.group(1)));
                }
            });
        }
        return taken;
    }

    static String sqlStub(long timestamp, String name, Instant now) {
        return """
                -- Migration %d_%s. Take your time to write the down section!
                -- Statements end with ';'. Where the database allows (PostgreSQL, SQLite), each section
                -- runs in one transaction; put '-- koldy:no-transaction' on the first line to opt out
                -- (e.g. for CREATE INDEX CONCURRENTLY).
                -- Generated at %s

                -- koldy:up
                -- ALTER TABLE users ADD is_active smallint NOT NULL DEFAULT 1;

                -- koldy:down
                -- ALTER TABLE users DROP COLUMN is_active;
                """.formatted(timestamp, name, GENERATED_AT.format(now));
    }

    /** The up() of a Java migration: its body, up to a closing brace with no other brace inside. */
    private static final Pattern UP_BODY = Pattern.compile("void\\s+up\\s*\\(\\s*\\)[^{]*\\{([^{}]*)}");

    /**
     * Whether a Java migration's up() is still the template {@link #javaStub} wrote: nothing but
     * comments, one of them the commented-out example. Applying it would record it as done.
     */
    static boolean isUntouchedTemplate(String javaSource) {
        Matcher up = UP_BODY.matcher(javaSource);
        if (!up.find()) {
            return false;
        }
        String body = up.group(1);
        return body.contains("// Db.query(\"ALTER TABLE users ADD is_active")
                && body.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("//"));
    }

    static String javaStub(long timestamp, String name, Instant now) {
        String className = "Migration_" + timestamp + "_" + name;
        return """
                import koldy.Db;
                import koldy.Migration;

                /**
                 * Migration file for %s. Take your time to write down()!
                 * Where the database allows (PostgreSQL, SQLite), up() and down() each run in one transaction;
                 * MySQL/MariaDB commit DDL statement by statement, so keep each migration small.
                 * The class is not public, so plain javac and IDEs accept it in a file of another name.
                 * Generated at %s
                 */
                class %s extends Migration {

                    /** Will be executed when migrating "up". */
                    @Override
                    public void up() throws Exception {
                        // Db.query("ALTER TABLE users ADD is_active smallint NOT NULL DEFAULT 1").exec();
                    }

                    /** Will be executed when rolling back "down". */
                    @Override
                    public void down() throws Exception {
                        // Db.query("ALTER TABLE users DROP COLUMN is_active").exec();
                    }
                }
                """.formatted(className, GENERATED_AT.format(now), className);
    }
}
