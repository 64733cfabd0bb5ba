package io.github.vov3d.zoo.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor of a checkpoint exactly as PyTorch stores it: a view (shape, strides, offset) into
 * a little-endian storage of one element type. Keeping the view rather than copying lets several
 * tensors share a storage, as they do in PyTorch, and defers the conversion to Java arrays to
 * the caller who needs it; {@link #toFloatArray()} and {@link #toLongArray()} always return the
 * elements in contiguous C (row-major) order, whatever the strides.
 *
 * <p>Equality is by content: two tensors are equal when they have the same element type, the
 * same shape and bit-identical elements in C order, regardless of how their storages are laid
 * out. The storage is not copied: the tensor reads it through a read-only view, so whoever
 * created the buffer must not change it afterwards.
 *
 * @param dtype the element type
 * @param shape the size of every dimension; empty for a 0-d scalar
 * @param stride elements to step in the storage per index of every dimension
 * @param storageOffset the storage element of index (0, …, 0)
 * @param storage the whole storage, little-endian, position 0 to limit
 */
public record StoredTensor(TensorDType dtype, long[] shape, long[] stride, long storageOffset,
        ByteBuffer storage) {
    /** The most dimensions a tensor may have (PyTorch's own limit is 64 as well). */
    public static final int MAX_RANK = 64;

    /**
     * Checks that the view lies inside the storage.
     *
     * @param dtype the element type
     * @param shape the dimensions (copied)
     * @param stride the strides in elements (copied)
     * @param storageOffset the storage element of index (0, …, 0)
     * @param storage the storage, from its position to its limit (not copied)
     * @throws IllegalArgumentException if the shape, strides or offset are invalid or reach
     *     outside the storage
     */
    public StoredTensor {
        Objects.requireNonNull(dtype, "dtype");
        shape = Objects.requireNonNull(shape, "shape").clone();
        stride = Objects.requireNonNull(stride, "stride").clone();
        storage = Objects.requireNonNull(storage, "storage").slice().asReadOnlyBuffer()
                .order(ByteOrder.LITTLE_ENDIAN);
        if (shape.length != stride.length || shape.length > MAX_RANK) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and stride "
                    + Arrays.toString(stride) + " must have the same rank, at most " + MAX_RANK);
        }
        if (storage.remaining() % dtype.byteSize() != 0) {
            throw new IllegalArgumentException("storage of " + storage.remaining()
                    + " bytes is not a whole number of " + dtype + " elements");
        }
        long elements = storage.remaining() / dtype.byteSize();
        long last = storageOffset;
        boolean empty = false;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] < 0 || stride[d] < 0) {
                throw new IllegalArgumentException("negative size or stride: shape "
                        + Arrays.toString(shape) + ", stride " + Arrays.toString(stride));
            }
            empty |= shape[d] == 0;
            if (shape[d] > 0) {
                last = saturatingAdd(last, saturatingMultiply(shape[d] - 1, stride[d]));
            }
        }
        TensorLayout.numel(shape);
        if (storageOffset < 0 || storageOffset > elements || (!empty && last >= elements)) {
            throw new IllegalArgumentException("view (offset " + storageOffset + ", shape "
                    + Arrays.toString(shape) + ", stride " + Arrays.toString(stride)
                    + ") reaches element " + last + " of a storage of " + elements + " elements");
        }
    }

    /**
     * A contiguous tensor over its own storage.
     *
     * @param dtype the element type
     * @param littleEndianData exactly the elements in C order (position to limit)
     * @param shape the dimensions
     * @return the tensor
     * @throws IllegalArgumentException if the data size does not match the shape
     */
    public static StoredTensor of(TensorDType dtype, ByteBuffer littleEndianData, long... shape) {
        long numel = TensorLayout.numel(shape);
        if (littleEndianData.remaining() != numel * dtype.byteSize()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + numel * dtype.byteSize() + " bytes, got "
                    + littleEndianData.remaining());
        }
        return new StoredTensor(dtype, shape, TensorLayout.contiguousStrides(shape), 0,
                littleEndianData);
    }

    /**
     * @param data the values in C order (copied)
     * @param shape the dimensions
     * @return a float32 tensor
     */
    public static StoredTensor ofFloats(float[] data, long... shape) {
        ByteBuffer bytes = ByteBuffer.allocate(data.length * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        return of(TensorDType.FLOAT32, bytes, shape);
    }

    /**
     * @param data the values in C order (copied)
     * @param shape the dimensions; empty for a scalar such as {@code num_batches_tracked}
     * @return an int64 tensor
     */
    public static StoredTensor ofLongs(long[] data, long... shape) {
        ByteBuffer bytes = ByteBuffer.allocate(data.length * Long.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(data);
        return of(TensorDType.INT64, bytes, shape);
    }

    /**
     * @return a copy of the shape
     */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * @return a copy of the strides
     */
    @Override
    public long[] stride() {
        return stride.clone();
    }

    /**
     * @return a read-only little-endian view of the whole storage, with its own position
     */
    @Override
    public ByteBuffer storage() {
        return storage.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the number of elements (1 for a scalar)
     */
    public long numel() {
        return TensorLayout.numel(shape);
    }

    /**
     * @return the number of dimensions
     */
    public int rank() {
        return shape.length;
    }

    /**
     * @return whether the elements lie in C order without gaps (sizes of 1 may have any stride)
     */
    public boolean isContiguous() {
        return TensorLayout.isContiguous(shape, stride);
    }

    /**
     * @return the values in C order as floats (integers and booleans converted; float64 rounded)
     * @throws IllegalStateException if the tensor has more elements than a Java array holds
     */
    public float[] toFloatArray() {
        float[] out = new float[TensorLayout.arrayLength(shape)];
        if (out.length > 0 && dtype == TensorDType.FLOAT32 && isContiguous()) {
            ByteBuffer data = storage();
            data.position(Math.toIntExact(storageOffset * Float.BYTES));
            data.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }
        TensorLayout.forEachElement(shape, stride, storageOffset,
                (i, element) -> out[i] = TensorLayout.floatAt(storage, dtype, element));
        return out;
    }

    /**
     * @return the values in C order as longs (only for integer and boolean tensors)
     * @throws IllegalStateException for floating-point tensors, or more elements than a Java
     *     array holds
     */
    public long[] toLongArray() {
        if (dtype.isFloatingPoint()) {
            throw new IllegalStateException("tensor of " + dtype + " holds floating-point values; "
                    + "use toFloatArray()");
        }
        long[] out = new long[TensorLayout.arrayLength(shape)];
        TensorLayout.forEachElement(shape, stride, storageOffset,
                (i, element) -> out[i] = TensorLayout.longAt(storage, dtype, element));
        return out;
    }

    /**
     * @return the elements in C order as little-endian bytes: a view without copying when the
     *     tensor is contiguous, else a fresh buffer (read-only either way)
     */
    public ByteBuffer contiguousData() {
        int size = dtype.byteSize();
        long bytes = numel() * size;
        if (isContiguous()) {
            ByteBuffer data = storage();
            data.position(Math.toIntExact(storageOffset * size));
            data.limit(Math.toIntExact(storageOffset * size + bytes));
            return data.slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
        TensorLayout.forEachElement(shape, stride, storageOffset,
                (i, element) -> out.put(i * size, storage, (int) element * size, size));
        return out.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof StoredTensor that && dtype == that.dtype
                && Arrays.equals(shape, that.shape) && contiguousData().equals(that.contiguousData());
    }

    /**
     * @return a hash of the element type and shape only (cheap, and consistent with equals)
     */
    @Override
    public int hashCode() {
        return dtype.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "StoredTensor[" + dtype + " " + Arrays.toString(shape)
                + (isContiguous() ? "" : " stride " + Arrays.toString(stride))
                + (storageOffset == 0 ? "" : " offset " + storageOffset) + "]";
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatingMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }
}
