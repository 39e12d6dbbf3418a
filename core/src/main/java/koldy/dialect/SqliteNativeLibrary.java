package koldy.dialect;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import koldy.util.Log;

/**
 * Keeps the SQLite driver's native library in a cache directory, extracted once. Left alone, the
 * driver copies it (about 1 MB) out of the jar into the temporary directory on every start and
 * reads it back to compare: some 60 ms of every run. With {@code org.sqlite.lib.path} pointing at
 * a copy that is already there, it loads that copy directly; and which copy this machine needs is
 * remembered too (see {@link #platformFolder}).
 *
 * <p>Only the command line enables this, because it owns its JVM: the setting is a system
 * property, and in an application that embeds koldy it could point another copy of the driver at
 * the wrong library. Anything that goes wrong here leaves the driver to do as it always does.
 */
public final class SqliteNativeLibrary {

    private static final Log LOG = Log.of(SqliteNativeLibrary.class);
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private static volatile Path cacheDirectory;

    private SqliteNativeLibrary() {
    }

    /** Lets the first SQLite connection of this JVM use (and make) a cached copy under this directory. */
    public static void enableCache(Path directory) {
        cacheDirectory = directory;
    }

    /** Called before an SQLite connection is opened. */
    static synchronized void prepare() {
        Path directory = cacheDirectory;
        if (directory == null || System.getProperty(PATH_PROPERTY) != null) {
            return; // not enabled, already done, or the user chose a library
        }
        try {
            String name = LibraryLoaderUtil.getNativeLibName();
            // One folder per driver version and platform, so an upgrade never loads an old copy.
            Path versionFolder = directory.resolve("sqlite-native").resolve(SQLiteJDBCLoader.getVersion());
            String resource = platformFolder(versionFolder) + "/" + name;
            URL source = SQLiteJDBCLoader.class.getResource(resource);
            if (source == null) {
                return; // no library for this platform in the jar: the driver reports that itself
            }
            Path folder = versionFolder.resolve(resource.substring(resource.indexOf("/native/") + "/native/".length(),
                    resource.lastIndexOf('/')));
            Path library = folder.resolve(name);
            URLConnection connection = source.openConnection();
            long size = connection.getContentLengthLong();
            if (!Files.isRegularFile(library) || Files.size(library) != size) {
                writeInPlace(connection.getInputStream(), library);
            }
            System.setProperty(NAME_PROPERTY, name);
            System.setProperty(PATH_PROPERTY, folder.toString());
            LOG.debug("SQLite native library: {}", library);
        } catch (IOException | RuntimeException e) {
            LOG.debug("SQLite native library not cached ({}); the driver extracts its own copy", e.toString());
        }
    }

    /**
     * Where in the driver's jar its library for this machine is ({@code /org/sqlite/native/Linux/x86_64},
     * {@code .../Linux-Musl/...}). On Linux the driver runs {@code uname -o} to work it out, some 15 ms
     * of every start, so the answer is kept beside the copies, under a key made of this machine's
     * system (its {@code /etc/os-release}), architecture and JVM: a project directory that a glibc
     * host and a musl container share keeps one answer for each. Without {@code /etc/os-release}
     * the driver is asked every time.
     */
    private static String platformFolder(Path versionFolder) throws IOException {
        Path osRelease = Path.of("/etc/os-release");
        if (!"Linux".equals(System.getProperty("os.name")) || !Files.isReadable(osRelease)) {
            return LibraryLoaderUtil.getNativeLibResourcePath();
        }
        String machine = System.getProperty("os.arch") + "\n" + System.getProperty("java.home") + "\n"
                + Files.readString(osRelease);
        Path remembered = versionFolder.resolve("platform-" + Integer.toHexString(machine.hashCode()) + ".txt");
        if (Files.isRegularFile(remembered)) {
            String folder = Files.readString(remembered).trim();
            if (folder.startsWith("/org/sqlite/native/")) {
                return folder;
            }
        }
        String folder = LibraryLoaderUtil.getNativeLibResourcePath();
        writeInPlace(new java.io.ByteArrayInputStream((folder + "\n").getBytes(StandardCharsets.UTF_8)), remembered);
        return folder;
    }

    /** Written beside its final name and moved into place, so a concurrent run never reads half a file. */
    private static void writeInPlace(InputStream content, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), ".tmp-", ".part");
        try (InputStream in = content) {
            Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
