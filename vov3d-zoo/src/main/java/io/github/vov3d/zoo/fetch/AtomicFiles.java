package io.github.vov3d.zoo.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Durable, all-or-nothing file updates: data is flushed to disk before a rename makes it
 * visible, so a crash or a killed process never leaves a half-written file under the final name.
 */
final class AtomicFiles {
    private AtomicFiles() {}

    /** Flushes a file's content to the device. */
    static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Renames a flushed file into place atomically and flushes the folder entry where possible. */
    static void install(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target.getParent() + " cannot rename "
                    + "atomically; choose a cache folder on a local disk (FetchOptions.cacheDir or "
                    + FetchOptions.CACHE_VARIABLE + ")", e);
        }
        fsyncDirectory(target.getParent());
    }

    /** Writes text to a temporary sibling, flushes it and renames it into place. */
    static void writeString(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        install(tmp, target);
    }

    private static void fsyncDirectory(Path dir) {
        // Opening a directory for reading and forcing it works on Linux and macOS; other
        // platforms refuse, and there the rename's own durability is all we can have.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort, see above
        }
    }
}
