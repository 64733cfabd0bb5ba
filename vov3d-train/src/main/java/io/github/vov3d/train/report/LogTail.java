package io.github.vov3d.train.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs the end of a JSON-lines log left behind by a process killed mid-write, before new lines
 * are appended after it.
 *
 * <p>Everything up to the last newline is complete (each record is written with its newline in a
 * single write). What follows it is a fragment: if it happens to be a whole record it only lacks
 * its newline, which is added; otherwise it is cut off. A fragment that cannot be the start of a
 * record (say, the file is not a metrics log at all) is refused rather than truncated.
 */
final class LogTail {

    private static final Logger LOG = LoggerFactory.getLogger(LogTail.class);
    private static final int CHUNK = 8192;
    /** Longer than any real record; a longer fragment means the file is something else. */
    static final int MAX_FRAGMENT = 1 << 20;

    private LogTail() {
    }

    static void repair(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        long complete = completeLength(ch, size);
        if (complete == size) {
            return;
        }
        long length = size - complete;
        if (length > MAX_FRAGMENT) {
            throw notALog(file, "its last " + length + " bytes contain no newline");
        }
        byte[] fragment = new byte[(int) length];
        readFully(ch, complete, ByteBuffer.wrap(fragment));
        if (!couldBeRecord(fragment)) {
            throw notALog(file, "its unterminated last line does not start with '{'");
        }
        String text = new String(fragment, StandardCharsets.UTF_8);
        try {
            MetricJson.decode(text);
            writeFully(ch, size, ByteBuffer.wrap(new byte[] {'\n'}));
            LOG.warn("{}: the last record lacked its newline (the writer stopped right after it);"
                    + " added it and kept the record", file);
        } catch (IllegalArgumentException torn) {
            ch.truncate(complete);
            LOG.warn("{}: removed a torn last line ({} bytes) left by a writer that stopped"
                    + " mid-write; the {} bytes of records before it are intact",
                    file, length, complete);
        }
    }

    /** Whether the bytes, ignoring NULs a crashed file system may leave, are empty or start a record. */
    static boolean couldBeRecord(byte[] fragment) {
        for (byte b : fragment) {
            if (b != 0) {
                return b == '{';
            }
        }
        return true;
    }

    /** The length of the file up to and including its last newline (0 when there is none). */
    private static long completeLength(FileChannel ch, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - CHUNK);
            buf.clear().limit((int) (end - start));
            readFully(ch, start, buf);
            for (int i = buf.limit() - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    private static void readFully(FileChannel ch, long position, ByteBuffer buf) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) {
                throw new IOException("file shrank while its last line was being checked");
            }
            p += n;
        }
    }

    static void writeFully(FileChannel ch, long position, ByteBuffer buf) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            p += ch.write(buf, p);
        }
    }

    private static IOException notALog(Path file, String why) {
        return new IOException(file + " does not look like a metrics log (" + why + "); refusing to"
                + " append to it. Point the trainer at a .jsonl file of its own, or delete this one.");
    }
}
