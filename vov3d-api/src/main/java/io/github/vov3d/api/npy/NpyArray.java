package io.github.vov3d.api.npy;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float32 array in C (row-major) order with its shape: the in-memory form of a NumPy
 * {@code .npy} file. Clips, logits and features travel between this library and Python tooling
 * as such files, and float32 is what the networks compute in, so this is the only element type
 * kept in memory; {@link Npy#read} converts float64 and integer files on the way in.
 *
 * <p>The shape is copied on the way in and out, so it cannot change behind the record's back.
 * The data array is <em>not</em> copied (clips are hundreds of megabytes): the record takes
 * ownership of the array it is given, and callers must not modify the array returned by
 * {@link #data()} while the record is shared.
 *
 * <p>Equality is by value: same shape and the same elements (compared like
 * {@link Arrays#equals(float[], float[])}, so {@code NaN} equals {@code NaN} and {@code 0.0}
 * differs from {@code -0.0}).
 *
 * @param shape the size of every dimension, outermost first; empty for a scalar
 * @param data the elements in C order; its length is the product of {@code shape}
 */
public record NpyArray(long[] shape, float[] data) {
    private static final int SHOWN_VALUES = 6;

    /**
     * Checks that the shape is non-negative and matches the data length.
     *
     * @param shape the dimensions (copied)
     * @param data the elements in C order (not copied)
     * @throws NullPointerException if either argument is {@code null}
     * @throws IllegalArgumentException if a dimension is negative or the element count differs
     */
    public NpyArray {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        long count = elementCount(shape);
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds "
                    + count + " elements but " + data.length + " values were given");
        }
    }

    /**
     * @param data the elements in C order (not copied)
     * @param shape the dimensions
     * @return the array
     * @throws IllegalArgumentException if the shape does not match the data
     */
    public static NpyArray of(float[] data, long... shape) {
        return new NpyArray(shape, data);
    }

    /**
     * The number of elements a shape holds.
     *
     * @param shape the dimensions
     * @return their product (1 for a scalar)
     * @throws IllegalArgumentException if a dimension is negative or the product overflows
     *     a {@code long}
     */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape "
                        + Arrays.toString(shape));
            }
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has more elements than a long can count", e);
            }
        }
        return count;
    }

    /**
     * @return a copy of the shape
     */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * @return the number of dimensions (0 for a scalar)
     */
    public int rank() {
        return shape.length;
    }

    /**
     * @return the number of elements
     */
    public int size() {
        return data.length;
    }

    /**
     * @param dimension index of a dimension, {@code 0 <= dimension < rank()}
     * @return its size
     */
    public long dim(int dimension) {
        return shape[dimension];
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof NpyArray that
                && Arrays.equals(shape, that.shape) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /**
     * @return the shape and the first few values, e.g.
     *     {@code NpyArray[shape=[2, 400], data=[0.1, 0.2, …] (800 values)]}
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("NpyArray[shape=").append(Arrays.toString(shape))
                .append(", data=[");
        int shown = Math.min(SHOWN_VALUES, data.length);
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : ", ").append(data[i]);
        }
        if (shown < data.length) {
            text.append(", …");
        }
        return text.append("] (").append(data.length).append(" values)]").toString();
    }
}
