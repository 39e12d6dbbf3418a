package koldy.lock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;

import koldy.KoldyException;

/**
 * SQLite has no session locks, so koldy runs on one database file serialise on an OS file lock
 * on a file beside it ({@code <db>.koldy-lock}). The operating system frees the lock when the
 * process dies, so a killed run never leaves it behind. The file itself stays: deleting a lock
 * file while another process waits on it would let two runs in.
 * <p>The lock file is named after the database file's real path (symbolic links and {@code ..}
 * resolved), so every spelling of one file takes one lock. Hard links are not followed: two
 * names of one inode would take two locks.
 */
public final class FileLock implements RunLock {

    private final Path file;
    private FileChannel channel;
    private java.nio.channels.FileLock lock;

    public FileLock(Path databaseFile) {
        Path real = realPath(databaseFile);
        this.file = real.resolveSibling(real.getFileName() + ".koldy-lock");
    }

    /** The file's real path; for a file not created yet, its directory's real path and its name. */
    static Path realPath(Path databaseFile) {
        Path absolute = databaseFile.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException notYet) {
            Path parent = absolute.getParent();
            try {
                return parent == null ? absolute : parent.toRealPath().resolve(absolute.getFileName());
            } catch (IOException noDirectoryEither) {
                return absolute;
            }
        }
    }

    /** The lock file this lock uses. */
    public Path lockFile() {
        return file;
    }

    @Override
    public boolean tryAcquire() throws SQLException {
        try {
            if (channel == null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            }
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // another run inside this JVM holds it
            }
            if (lock != null) {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(ProcessIdentity.thisProcess().getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(false);
            }
            return lock != null;
        } catch (IOException e) {
            throw KoldyException.config("Cannot lock " + file + ": " + e.getMessage()
                    + ". koldy locks runs on SQLite with this file beside the database; make its directory writable.");
        }
    }

    /** An OS file lock ends only with its channel or its process. */
    @Override
    public void verify() throws LockLostException {
        if (lock == null || !lock.isValid()) {
            throw new LockLostException("the lock on " + file + " was released");
        }
    }

    @Override
    public String describeHolder() {
        try {
            String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
            return holder.isEmpty() ? null : holder;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Whether another process holds the file lock now, found by asking for a shared lock on the
     * file (which a held exclusive lock refuses) and letting it go at once; the file keeps the
     * last holder's name after it let go, so the name alone does not tell.
     */
    @Override
    public String liveHolder() {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (FileChannel reading = FileChannel.open(file, StandardOpenOption.READ)) {
            java.nio.channels.FileLock shared;
            try {
                shared = reading.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException e) {
                return describeHolder(); // a run in this JVM holds it
            }
            if (shared != null) {
                shared.release();
                return null;
            }
            return describeHolder();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        } finally {
            lock = null;
            channel = null;
        }
    }
}
