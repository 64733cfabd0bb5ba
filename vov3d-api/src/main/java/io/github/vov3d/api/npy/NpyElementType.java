package io.github.vov3d.api.npy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@code .npy} element types the reader accepts, and how each becomes a {@code float}.
 * Only numeric types that networks exchange are listed; anything else (strings, objects,
 * complex numbers) is refused by {@link Npy} with a message naming the type.
 */
enum NpyElementType {
    /** {@code float32}: copied as is. */
    F4(4) {
        @Override
        void convert(ByteBuffer bytes, float[] out, int at, int n) {
            bytes.asFloatBuffer().get(out, at, n);
        }
    },
    /** {@code float64}: rounded to the nearest float. */
    F8(8) {
        @Override
        void convert(ByteBuffer bytes, float[] out, int at, int n) {
            for (int i = 0; i < n; i++) {
                out[at + i] = (float) bytes.getDouble();
            }
        }
    },
    /** {@code int32}: exact up to ±2<sup>24</sup>. */
    I4(4) {
        @Override
        void convert(ByteBuffer bytes, float[] out, int at, int n) {
            for (int i = 0; i < n; i++) {
                out[at + i] = bytes.getInt();
            }
        }
    },
    /** {@code int64}: exact up to ±2<sup>24</sup>. */
    I8(8) {
        @Override
        void convert(ByteBuffer bytes, float[] out, int at, int n) {
            for (int i = 0; i < n; i++) {
                out[at + i] = bytes.getLong();
            }
        }
    };

    /** Bytes per element. */
    final int size;

    NpyElementType(int size) {
        this.size = size;
    }

    /**
     * Decodes {@code n} elements.
     *
     * @param bytes the raw elements, with their byte order set
     * @param out the destination
     * @param at the first index written
     * @param n how many elements
     */
    abstract void convert(ByteBuffer bytes, float[] out, int at, int n);

    /**
     * @param descr a NumPy type string such as {@code <f4}
     * @return the type, or {@code null} if unsupported
     */
    static NpyElementType of(String descr) {
        if (descr.length() != 3 || "<>=|".indexOf(descr.charAt(0)) < 0) {
            return null;
        }
        return switch (descr.substring(1)) {
            case "f4" -> F4;
            case "f8" -> F8;
            case "i4" -> I4;
            case "i8" -> I8;
            default -> null;
        };
    }

    /**
     * @param descr a supported NumPy type string
     * @return its byte order ({@code =} is the platform's, {@code |} needs none)
     */
    static ByteOrder byteOrder(String descr) {
        return switch (descr.charAt(0)) {
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> ByteOrder.nativeOrder();
            default -> ByteOrder.LITTLE_ENDIAN;
        };
    }
}
