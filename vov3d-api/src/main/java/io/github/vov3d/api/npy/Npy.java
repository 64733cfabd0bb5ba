package io.github.vov3d.api.npy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0–3.0), the format Python
 * tooling uses for clips and outputs, without any native dependency.
 *
 * <p>Reading accepts C-order arrays of {@code float32}, {@code float64}, {@code int32} and
 * {@code int64} in either byte order and converts every element to {@code float}, the type the
 * networks compute in: float64 values are rounded to the nearest float and integers beyond
 * ±2<sup>24</sup> lose their low bits. Fortran-order files are refused rather than silently
 * transposed. Writing always produces version 1.0 (2.0 only for headers over 64 KiB, which
 * need a rank in the thousands), {@code <f4}, C order, with the header padded to a multiple of
 * 64 bytes as the specification asks, exactly as {@code numpy.save} does.
 *
 * <p>Every failure is an {@link IOException} naming the source and what is wrong (bad magic,
 * unsupported type or order, how many data bytes were expected and how many were found), and
 * memory is only allocated for data that is actually present, so a corrupt header cannot cause
 * an {@link OutOfMemoryError}.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final int MAX_HEADER_BYTES = 1 << 16;
    private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int CHUNK_ELEMENTS = 1 << 16;
    private static final int INITIAL_CAPACITY = 1 << 20;

    private Npy() {}

    /**
     * @param file a {@code .npy} file
     * @return its array, converted to float32
     * @throws IOException if the file is missing, malformed, truncated or of an unsupported type
     */
    public static NpyArray read(Path file) throws IOException {
        long length = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(new java.io.BufferedInputStream(in, 1 << 16), file.toString(), length);
        }
    }

    /**
     * Reads one array from a stream, leaving the stream open after the array's data.
     *
     * @param in the stream, positioned at the magic string
     * @return its array, converted to float32
     * @throws IOException if the data is malformed, truncated or of an unsupported type
     */
    public static NpyArray read(InputStream in) throws IOException {
        return read(in, "npy stream", -1);
    }

    /**
     * @param bytes the contents of a {@code .npy} file
     * @return its array, converted to float32
     * @throws IOException if the data is malformed, truncated or of an unsupported type
     */
    public static NpyArray read(byte[] bytes) throws IOException {
        return read(new ByteArrayInputStream(bytes), "npy bytes", bytes.length);
    }

    /**
     * Writes an array atomically: to a temporary file beside {@code file}, flushed to disk,
     * then renamed over it, so readers never see a half-written file.
     *
     * @param file where to write; replaced if it exists
     * @param array the array
     * @throws IOException if writing fails (the target is then left untouched)
     */
    public static void write(Path file, NpyArray array) throws IOException {
        Path target = file.toAbsolutePath();
        // a sibling, so the rename stays on one file system; created like any new file, so it
        // gets the usual permissions (a createTempFile file would be private to the owner)
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID()
                + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                write(new java.io.BufferedOutputStream(out, 1 << 16), array);
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Writes an array as {@code .npy} bytes and flushes (does not close) the stream.
     *
     * @param out the destination
     * @param array the array
     * @throws IOException if writing fails
     */
    public static void write(OutputStream out, NpyArray array) throws IOException {
        out.write(header(array.shape()));
        float[] data = array.data();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_ELEMENTS * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < data.length; start += CHUNK_ELEMENTS) {
            int count = Math.min(CHUNK_ELEMENTS, data.length - start);
            chunk.clear();
            chunk.asFloatBuffer().put(data, start, count);
            out.write(chunk.array(), 0, count * Float.BYTES);
        }
        out.flush();
    }

    /**
     * @param array the array
     * @return the complete {@code .npy} file contents
     */
    public static byte[] toBytes(NpyArray array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + array.size() * Float.BYTES);
        try {
            write(out, array);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream failed", e);
        }
        return out.toByteArray();
    }

    private static byte[] header(long[] shape) {
        String dict = new NpyHeader("<f4", false, shape).format();
        int prefix = MAGIC.length + 2 + 2;
        int padded = align(prefix + dict.length() + 1);
        boolean v1 = padded - prefix <= 0xFFFF;
        if (!v1) {
            prefix = MAGIC.length + 2 + 4;
            padded = align(prefix + dict.length() + 1);
        }
        int headerLength = padded - prefix;
        ByteBuffer out = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
        if (v1) {
            out.putShort((short) headerLength);
        } else {
            out.putInt(headerLength);
        }
        out.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (out.position() < padded - 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    private static int align(int length) {
        return (length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static NpyArray read(InputStream in, String source, long knownLength)
            throws IOException {
        byte[] prefix = in.readNBytes(MAGIC.length + 2);
        if (prefix.length < MAGIC.length
                || !Arrays.equals(prefix, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException(source + ": not a NumPy .npy file (bad magic: expected "
                    + "\\x93NUMPY, found " + printable(prefix) + ")");
        }
        if (prefix.length < MAGIC.length + 2) {
            throw new IOException(source + ": truncated .npy file (ends inside the version)");
        }
        int major = prefix[MAGIC.length] & 0xFF;
        if (major < 1 || major > 3) {
            throw new IOException(source + ": unsupported .npy format version " + major + "."
                    + (prefix[MAGIC.length + 1] & 0xFF) + " (supported: 1.0 to 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) {
            throw new IOException(source + ": truncated .npy file (ends inside the header length)");
        }
        ByteBuffer lengthBuffer = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? lengthBuffer.getShort() & 0xFFFF
                : lengthBuffer.getInt() & 0xFFFFFFFFL;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new IOException(source + ": .npy header of " + headerLength
                    + " bytes exceeds the limit of " + MAX_HEADER_BYTES + "; the file is corrupt");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new IOException(source + ": truncated .npy header: expected " + headerLength
                    + " bytes, found " + headerBytes.length);
        }
        NpyHeader header = NpyHeader.parse(new String(headerBytes,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1), source);
        long consumed = prefix.length + lengthBytes + headerLength;
        return readData(in, header, source, knownLength < 0 ? -1 : knownLength - consumed);
    }

    private static NpyArray readData(InputStream in, NpyHeader header, String source,
            long available) throws IOException {
        if (header.fortranOrder()) {
            throw new IOException(source + ": Fortran-order (column-major) arrays are not "
                    + "supported; save a C-order copy, e.g. np.save(f, np.ascontiguousarray(a))");
        }
        String descr = header.descr();
        NpyElementType type = NpyElementType.of(descr);
        if (type == null) {
            throw new IOException(source + ": unsupported .npy element type '" + descr
                    + "' (supported: float32, float64, int32, int64; e.g. '<f4')");
        }
        ByteOrder order = NpyElementType.byteOrder(descr);
        long count;
        try {
            count = NpyArray.elementCount(header.shape());
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": invalid .npy shape: " + e.getMessage(), e);
        }
        if (count > MAX_ELEMENTS) {
            throw new IOException(source + ": array of shape " + Arrays.toString(header.shape())
                    + " has " + count + " elements, more than a Java array can hold");
        }
        long expectedBytes = count * type.size;
        if (available >= 0 && available < expectedBytes) {
            throw truncated(source, header, expectedBytes, available);
        }
        float[] data = new float[(int) Math.min(count, INITIAL_CAPACITY)];
        byte[] chunk = new byte[CHUNK_ELEMENTS * type.size];
        int filled = 0;
        while (filled < count) {
            int want = (int) Math.min(CHUNK_ELEMENTS, count - filled);
            int got = in.readNBytes(chunk, 0, want * type.size);
            if (got < want * type.size) {
                throw truncated(source, header, expectedBytes, (long) filled * type.size + got);
            }
            if (filled + want > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(count, Math.max(2L * data.length,
                        filled + want)));
            }
            type.convert(ByteBuffer.wrap(chunk, 0, got).order(order), data, filled, want);
            filled += want;
        }
        return new NpyArray(header.shape(), data);
    }

    private static IOException truncated(String source, NpyHeader header, long expected,
            long found) {
        return new IOException(source + ": truncated .npy data: shape "
                + Arrays.toString(header.shape()) + " of '" + header.descr() + "' needs "
                + expected + " bytes after the header, found " + found);
    }

    private static String printable(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length == 0 ? "an empty file" : "");
        for (int i = 0; i < Math.min(bytes.length, MAGIC.length); i++) {
            int b = bytes[i] & 0xFF;
            text.append(b >= 0x20 && b < 0x7F ? Character.toString(b) : String.format("\\x%02x", b));
        }
        return text.toString();
    }
}
