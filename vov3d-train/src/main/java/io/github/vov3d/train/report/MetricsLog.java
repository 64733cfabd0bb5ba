package io.github.vov3d.train.report;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only JSON-lines file of {@link MetricRecord}s, one record per line.
 *
 * <p>Why this shape: a run may be killed at any moment and resumed later, and the metrics of
 * both attempts belong in the same file. Each record goes to the operating system in one write,
 * so a killed JVM loses at most the line being written; {@link #open} repairs such a torn last
 * line before appending (see {@link LogTail}) and {@link #read} skips it. Call {@link #sync()} at
 * checkpoints to also survive a power loss. An exclusive file lock stops two trainers from
 * interleaving their lines in one log. Instances are thread-safe.
 */
public final class MetricsLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsLog.class);

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private MetricsLog(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Opens the log for appending, creating it and its parent directories if needed; an existing
     * log (a resumed run) is continued, after repairing a torn last line.
     *
     * @param file the {@code .jsonl} file
     * @return the open log; close it when the run ends
     * @throws IOException if the file cannot be opened, is locked by another process, or does
     *     not look like a metrics log
     */
    public static MetricsLog open(Path file) throws IOException {
        Path abs = Objects.requireNonNull(file, "file must not be null").toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IOException(abs + " is a directory; give MetricsLog.open a file such as "
                    + abs.resolve("metrics.jsonl"));
        }
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        FileChannel ch = FileChannel.open(abs, StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock lock = lock(ch, abs);
            LogTail.repair(ch, abs);
            return new MetricsLog(abs, ch, lock);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static FileLock lock(FileChannel ch, Path file) throws IOException {
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IOException(file + " is already open for writing by another MetricsLog"
                    + " (this or another process); stop that run or log to a different file");
        }
        return lock;
    }

    /** The file this log writes to (absolute). */
    public Path file() {
        return file;
    }

    /**
     * Appends one record as a line and hands it to the operating system before returning.
     *
     * @param r the record
     * @throws IOException if the write fails
     */
    public synchronized void append(MetricRecord r) throws IOException {
        Objects.requireNonNull(r, "record must not be null");
        ensureOpen();
        byte[] line = (MetricJson.encode(r) + "\n").getBytes(StandardCharsets.UTF_8);
        LogTail.writeFully(channel, channel.size(), ByteBuffer.wrap(line));
    }

    /**
     * Forces the lines written so far onto the storage device, so they also survive a power
     * loss or kernel crash; call it at checkpoints rather than per line (it is slow).
     *
     * @throws IOException if the device reports an error
     */
    public synchronized void sync() throws IOException {
        ensureOpen();
        channel.force(false);
    }

    /** Syncs, releases the lock and closes the file; closing twice does nothing. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (channel) {
            channel.force(false);
            lock.release();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("MetricsLog " + file + " is closed; open it again");
        }
    }

    /**
     * Reads every record of a log. A torn last line (no newline, not a whole record) is skipped
     * with a warning; a malformed line anywhere else is an error, since it means the file was
     * damaged or edited rather than interrupted.
     *
     * @param file the {@code .jsonl} file
     * @return the records in file order
     * @throws IOException if the file cannot be read or a complete line is not a record
     */
    public static List<MetricRecord> read(Path file) throws IOException {
        Objects.requireNonNull(file, "file must not be null");
        List<MetricRecord> records = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            long lineNumber = 0;
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                lineNumber++;
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (text.isBlank()) {
                    continue;
                }
                try {
                    records.add(MetricJson.decode(text));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ":" + lineNumber + ": not a metrics record ("
                            + e.getMessage() + "). Only the last line can be torn by a crash;"
                            + " repair or delete this line by hand.", e);
                }
            }
            if (line.size() > 0) {
                String text = line.toString(StandardCharsets.UTF_8);
                try {
                    records.add(MetricJson.decode(text));
                } catch (IllegalArgumentException torn) {
                    if (!text.replace("\0", "").isBlank()) {
                        LOG.warn("{}:{}: ignored a torn last line ({} bytes) from a writer that"
                                + " stopped mid-write", file, lineNumber + 1, line.size());
                    }
                }
            }
        }
        return records;
    }
}
