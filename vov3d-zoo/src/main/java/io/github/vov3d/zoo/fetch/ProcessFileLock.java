package io.github.vov3d.zoo.fetch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on a file that holds across processes (an OS file lock) and across threads
 * of one JVM (where the JVM reports the overlap instead of blocking). Two JVMs or two threads
 * fetching the same weights thereby take turns: the second finds the first one's verified file.
 * The lock file itself is never deleted: deleting lock files races with their next user.
 */
final class ProcessFileLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessFileLock.class);
    private static final long POLL_MILLIS = 50;

    private final FileChannel channel;
    private final FileLock lock;

    private ProcessFileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param file the lock file (created if absent)
     * @param timeout how long to wait for another holder
     * @param what what is being protected, for messages
     * @return the held lock
     * @throws FetchException if the wait times out
     * @throws IOException if the lock file cannot be opened, or the wait is interrupted
     */
    static ProcessFileLock acquire(Path file, Duration timeout, String what) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean told = false;
        try {
            while (true) {
                try {
                    FileLock l = ch.tryLock();
                    if (l != null) {
                        return new ProcessFileLock(ch, l);
                    }
                } catch (OverlappingFileLockException heldInThisJvm) {
                    // another thread of this JVM holds it: wait like for another process
                }
                if (!told) {
                    LOG.info("waiting for another process or thread fetching {} (lock {})", what, file);
                    told = true;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new FetchException(FetchException.Reason.LOCK_TIMEOUT, "gave up waiting "
                            + timeout.toSeconds() + " s for the lock " + file + " while fetching " + what
                            + ": another process is still fetching it. If no other vov3d process is "
                            + "running, the lock is stale only if its holder hangs; stop that process "
                            + "or raise FetchOptions.lockTimeout");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            ch.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the lock " + file);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
