package io.github.vov3d.zoo.checkpoint;

import java.nio.ByteBuffer;

/**
 * A storage of a {@code torch.save} archive, resolved from its persistent id: the raw
 * little-endian elements of one {@code data/<key>} entry, already checked to hold exactly
 * {@code numel} elements of {@code dtype}.
 *
 * @param key the entry name under {@code data/}
 * @param dtype the element type named by the pickle's storage class
 * @param numel the element count declared by the pickle
 * @param data the bytes, read-only, little-endian
 */
record TorchStorage(String key, TensorDType dtype, long numel, ByteBuffer data) {
    /**
     * @return the storage as a 1-d tensor, for a storage saved on its own
     */
    StoredTensor asTensor() {
        return new StoredTensor(dtype, new long[] {numel}, new long[] {1}, 0, data);
    }
}
