package io.github.vov3d.zoo.checkpoint;

import io.github.vov3d.api.CheckpointException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The byte cursor of a pickle run: reads opcode arguments and checks every declared length
 * against the bytes that remain before allocating anything, so a corrupt length field is an
 * error message, never an {@link OutOfMemoryError}. Also builds the error messages of a run,
 * which name the opcode and its offset.
 */
final class PickleInput {
    private static final int MAX_LINE = 1024;

    private final String source;
    private final byte[] in;
    private int pos;
    private int opStart;

    PickleInput(String source, byte[] in) {
        this.source = source;
        this.in = in;
    }

    String source() {
        return source;
    }

    boolean atEnd() {
        return pos >= in.length;
    }

    int length() {
        return in.length;
    }

    /** @return the offset of the opcode being executed */
    int opStart() {
        return opStart;
    }

    /** @return the next opcode, remembering where it started */
    int opcode() {
        opStart = pos;
        return in[pos++] & 0xFF;
    }

    int u8() throws CheckpointException {
        need(1);
        return in[pos++] & 0xFF;
    }

    /** @return an {@code n}-byte little-endian value ({@code n <= 8}) */
    long le(int n) throws CheckpointException {
        need(n);
        long value = 0;
        for (int i = n - 1; i >= 0; i--) {
            value = value << 8 | (in[pos + i] & 0xFF);
        }
        pos += n;
        return value;
    }

    double binFloat() throws CheckpointException {
        return Double.longBitsToDouble(Long.reverseBytes(le(8)));
    }

    /**
     * @param declared a length read from the input
     * @return it as an int, if that many bytes remain
     * @throws CheckpointException if fewer remain (or it is negative)
     */
    int checkLength(long declared) throws CheckpointException {
        if (declared < 0 || declared > in.length - pos) {
            throw error("declares " + declared + " bytes but only " + (in.length - pos)
                    + " remain");
        }
        return (int) declared;
    }

    private void need(int n) throws CheckpointException {
        checkLength(n);
    }

    byte[] bytes(int n) throws CheckpointException {
        need(n);
        byte[] out = Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return out;
    }

    String utf8(int n) throws CheckpointException {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    String latin1(int n) throws CheckpointException {
        return new String(bytes(n), StandardCharsets.ISO_8859_1);
    }

    /**
     * @param n bytes of a little-endian two's-complement integer ({@code LONG1}/{@code LONG4})
     * @return a {@link Long} when it fits, else a {@link BigInteger}
     */
    Object bigInt(int n) throws CheckpointException {
        if (n > PickleReader.MAX_INT_BYTES) {
            throw error("integer of " + n + " bytes exceeds the limit of "
                    + PickleReader.MAX_INT_BYTES);
        }
        byte[] little = bytes(n);
        if (n == 0) {
            return 0L;
        }
        byte[] big = new byte[n];
        for (int i = 0; i < n; i++) {
            big[i] = little[n - 1 - i];
        }
        BigInteger value = new BigInteger(big);
        return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
    }

    /** @return the text up to the next newline (a {@code GLOBAL} argument) */
    String line() throws CheckpointException {
        int limit = Math.min(in.length, pos + MAX_LINE);
        for (int i = pos; i < limit; i++) {
            if (in[i] == '\n') {
                String text = new String(in, pos, i - pos, StandardCharsets.UTF_8);
                pos = i + 1;
                return text;
            }
        }
        throw error("GLOBAL name is unterminated or longer than " + MAX_LINE + " bytes");
    }

    /**
     * @param what what is wrong
     * @return an exception naming the source, the opcode and its offset
     */
    CheckpointException error(String what) {
        return new CheckpointException(String.format(Locale.ROOT,
                "%s: malformed pickle: opcode 0x%02x at offset %d: %s; the checkpoint is corrupt",
                source, opStart < in.length ? in[opStart] & 0xFF : 0, opStart, what));
    }
}
