package io.github.vov3d.zoo.checkpoint;

import java.util.Optional;

/**
 * The element types a {@code torch.save} checkpoint can hold that this library reads, each tied
 * to the legacy typed-storage class ({@code torch.FloatStorage}, …) that names it in the pickle.
 * Knowing the byte size lets the reader check every storage entry against its declared element
 * count before any value is used.
 */
public enum TensorDType {
    /** {@code torch.float32}: weights, biases and running statistics. */
    FLOAT32(4, "FloatStorage", true),
    /** {@code torch.float64}. */
    FLOAT64(8, "DoubleStorage", true),
    /** {@code torch.float16} (IEEE half precision). */
    FLOAT16(2, "HalfStorage", true),
    /** {@code torch.bfloat16} (the upper half of a float32). */
    BFLOAT16(2, "BFloat16Storage", true),
    /** {@code torch.int64}: BatchNorm's {@code num_batches_tracked}, indices. */
    INT64(8, "LongStorage", false),
    /** {@code torch.int32}. */
    INT32(4, "IntStorage", false),
    /** {@code torch.uint8}. */
    UINT8(1, "ByteStorage", false),
    /** {@code torch.bool}, one byte per element (0 or 1). */
    BOOL(1, "BoolStorage", false);

    private final int byteSize;
    private final String storageClass;
    private final boolean floatingPoint;

    TensorDType(int byteSize, String storageClass, boolean floatingPoint) {
        this.byteSize = byteSize;
        this.storageClass = storageClass;
        this.floatingPoint = floatingPoint;
    }

    /**
     * @return bytes per element
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * @return whether elements are floating-point numbers
     */
    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /**
     * @return the pickle's name of the storage class, e.g. {@code torch.FloatStorage}
     */
    public String storageClass() {
        return "torch." + storageClass;
    }

    /**
     * @param qualifiedName a global such as {@code torch.FloatStorage}
     * @return the element type that storage class holds, if it is one of ours
     */
    public static Optional<TensorDType> forStorageClass(String qualifiedName) {
        for (TensorDType type : values()) {
            if (type.storageClass().equals(qualifiedName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
