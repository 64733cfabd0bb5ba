package io.github.vov3d.zoo.checkpoint;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Index arithmetic of strided tensors, kept apart from {@link StoredTensor} so that the record
 * stays a plain description: element counts with overflow checks, C-order strides, the walk
 * over a view in C order, and decoding of one element of each {@link TensorDType}.
 */
final class TensorLayout {
    /** The longest array the JVM allocates reliably. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private TensorLayout() {}

    /** Receives the C-order index and the storage element of every element of a view. */
    @FunctionalInterface
    interface ElementVisitor {
        void visit(int index, long storageElement);
    }

    /**
     * @param shape dimensions
     * @return their product
     * @throws IllegalArgumentException if a size is negative or the product overflows
     */
    static long numel(long[] shape) {
        long count = 1;
        for (long size : shape) {
            if (size < 0) {
                throw new IllegalArgumentException("negative size in shape " + Arrays.toString(shape));
            }
            try {
                count = Math.multiplyExact(count, size);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has more elements than a long can count", e);
            }
        }
        return count;
    }

    /**
     * @param shape dimensions
     * @return the element count as an array length
     * @throws IllegalStateException if it does not fit in a Java array
     */
    static int arrayLength(long[] shape) {
        long count = numel(shape);
        if (count > MAX_ARRAY) {
            throw new IllegalStateException("tensor of shape " + Arrays.toString(shape)
                    + " has " + count + " elements, more than a Java array holds");
        }
        return (int) count;
    }

    /**
     * @param shape dimensions
     * @return the strides of a contiguous C-order tensor of that shape
     */
    static long[] contiguousStrides(long[] shape) {
        long[] stride = new long[shape.length];
        long step = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            stride[d] = step;
            step *= Math.max(shape[d], 1);
        }
        return stride;
    }

    /**
     * @param shape dimensions
     * @param stride strides
     * @return whether the view is C-contiguous (PyTorch's rule: sizes of 1 may have any stride)
     */
    static boolean isContiguous(long[] shape, long[] stride) {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 0) {
                return true;
            }
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /**
     * Visits every element in C order.
     *
     * @param shape dimensions (element count at most {@link #MAX_ARRAY})
     * @param stride strides
     * @param offset storage element of index (0, …, 0)
     * @param visitor receives each element
     */
    static void forEachElement(long[] shape, long[] stride, long offset, ElementVisitor visitor) {
        int count = arrayLength(shape);
        int rank = shape.length;
        long[] index = new long[rank];
        long element = offset;
        for (int i = 0; i < count; i++) {
            visitor.visit(i, element);
            for (int d = rank - 1; d >= 0; d--) {
                index[d]++;
                element += stride[d];
                if (index[d] < shape[d]) {
                    break;
                }
                element -= stride[d] * shape[d];
                index[d] = 0;
            }
        }
    }

    /**
     * @param storage little-endian storage
     * @param dtype its element type
     * @param element element index
     * @return that element as a float
     */
    static float floatAt(ByteBuffer storage, TensorDType dtype, long element) {
        int at = (int) (element * dtype.byteSize());
        return switch (dtype) {
            case FLOAT32 -> storage.getFloat(at);
            case FLOAT64 -> (float) storage.getDouble(at);
            case FLOAT16 -> halfToFloat(storage.getShort(at));
            case BFLOAT16 -> Float.intBitsToFloat((storage.getShort(at) & 0xFFFF) << 16);
            case INT64 -> storage.getLong(at);
            case INT32 -> storage.getInt(at);
            case UINT8, BOOL -> storage.get(at) & 0xFF;
        };
    }

    /**
     * @param storage little-endian storage of an integer or boolean type
     * @param dtype its element type
     * @param element element index
     * @return that element as a long
     */
    static long longAt(ByteBuffer storage, TensorDType dtype, long element) {
        int at = (int) (element * dtype.byteSize());
        return switch (dtype) {
            case INT64 -> storage.getLong(at);
            case INT32 -> storage.getInt(at);
            case UINT8, BOOL -> storage.get(at) & 0xFF;
            default -> throw new IllegalStateException(dtype + " is not an integer type");
        };
    }

    /**
     * @param bits an IEEE 754 binary16 value
     * @return the same value as a float (exact: every half is representable)
     */
    static float halfToFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | mantissa << 13);
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
    }
}
