package io.github.vov3d.zoo.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class StoredTensorTest {

    static ByteBuffer floats(float... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes;
    }

    @Test
    void materialisesStridedViewsInCOrder() {
        ByteBuffer storage = floats(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        // a 3×4 matrix; its transpose (4×3) and a 2×2 window starting at element 5
        StoredTensor matrix = new StoredTensor(TensorDType.FLOAT32, new long[] {3, 4},
                new long[] {4, 1}, 0, storage);
        StoredTensor transposed = new StoredTensor(TensorDType.FLOAT32, new long[] {4, 3},
                new long[] {1, 4}, 0, storage);
        StoredTensor window = new StoredTensor(TensorDType.FLOAT32, new long[] {2, 2},
                new long[] {4, 1}, 5, storage);
        assertTrue(matrix.isContiguous());
        assertFalse(transposed.isContiguous());
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, transposed.toFloatArray());
        assertArrayEquals(new float[] {5, 6, 9, 10}, window.toFloatArray());
        assertEquals(StoredTensor.ofFloats(new float[] {5, 6, 9, 10}, 2, 2), window);
        assertEquals("StoredTensor[FLOAT32 [2, 2] stride [4, 1] offset 5]", window.toString());
        assertEquals("StoredTensor[INT64 []]", StoredTensor.ofLongs(new long[] {3}).toString());
        StoredTensor broadcast = new StoredTensor(TensorDType.FLOAT32, new long[] {2, 3},
                new long[] {0, 1}, 0, storage);
        assertArrayEquals(new float[] {0, 1, 2, 0, 1, 2}, broadcast.toFloatArray());
    }

    @Test
    void convertsEveryElementType() {
        ByteBuffer half = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x0001)
                .putShort((short) 0x7C00).flip();
        assertArrayEquals(new float[] {1f, -2f, 0x1p-24f, Float.POSITIVE_INFINITY},
                StoredTensor.of(TensorDType.FLOAT16, half, 4).toFloatArray());
        ByteBuffer bf16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3FC0).putShort((short) 0xBF80).flip();
        assertArrayEquals(new float[] {1.5f, -1f},
                StoredTensor.of(TensorDType.BFLOAT16, bf16, 2).toFloatArray());
        ByteBuffer doubles = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putDouble(0.25).putDouble(-3).flip();
        assertArrayEquals(new float[] {0.25f, -3f},
                StoredTensor.of(TensorDType.FLOAT64, doubles, 2).toFloatArray());
        ByteBuffer ints = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-5).putInt(7).flip();
        assertArrayEquals(new long[] {-5, 7}, StoredTensor.of(TensorDType.INT32, ints, 2).toLongArray());
        ByteBuffer bytes = ByteBuffer.wrap(new byte[] {(byte) 200, 1});
        assertArrayEquals(new long[] {200, 1}, StoredTensor.of(TensorDType.UINT8, bytes, 2).toLongArray());
        assertArrayEquals(new float[] {1, 0}, StoredTensor.of(TensorDType.BOOL,
                ByteBuffer.wrap(new byte[] {1, 0}), 2).toFloatArray());
        assertThrows(IllegalStateException.class,
                () -> StoredTensor.ofFloats(new float[] {1}, 1).toLongArray());
    }

    @Property(tries = 200)
    void halfPrecisionDecodingMatchesTheDefinition(@ForAll @IntRange(min = 0, max = 0xFFFF) int bits) {
        float value = TensorLayout.halfToFloat((short) bits);
        int exponent = bits >> 10 & 0x1F;
        int mantissa = bits & 0x3FF;
        double expected = exponent == 0 ? mantissa * Math.pow(2, -24)
                : exponent == 31 ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
        if ((bits & 0x8000) != 0) {
            expected = -expected;
        }
        assertEquals((float) expected, value);
    }

    @Test
    void validatesTheView() {
        ByteBuffer storage = floats(1, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> new StoredTensor(TensorDType.FLOAT32,
                new long[] {4}, new long[] {1}, 0, storage));
        assertThrows(IllegalArgumentException.class, () -> new StoredTensor(TensorDType.FLOAT32,
                new long[] {2}, new long[] {1}, 2, storage));
        assertThrows(IllegalArgumentException.class, () -> new StoredTensor(TensorDType.FLOAT32,
                new long[] {2}, new long[] {-1}, 1, storage));
        assertThrows(IllegalArgumentException.class, () -> new StoredTensor(TensorDType.FLOAT32,
                new long[] {2, 2}, new long[] {Long.MAX_VALUE, 1}, 0, storage));
        assertThrows(IllegalArgumentException.class, () -> new StoredTensor(TensorDType.INT64,
                new long[] {1}, new long[] {1}, 0, ByteBuffer.allocate(12)));
        assertThrows(IllegalArgumentException.class, () -> StoredTensor.ofFloats(new float[3], 2));
        StoredTensor empty = new StoredTensor(TensorDType.FLOAT32, new long[] {0, 5},
                new long[] {5, 1}, 3, storage);
        assertEquals(0, empty.toFloatArray().length);
        assertEquals(0, empty.numel());
    }

    @Test
    void equalityIsByContent() {
        StoredTensor a = StoredTensor.ofFloats(new float[] {1, 2}, 2);
        assertEquals(a, StoredTensor.ofFloats(new float[] {1, 2}, 2));
        assertEquals(a.hashCode(), StoredTensor.ofFloats(new float[] {1, 2}, 2).hashCode());
        assertNotEquals(a, StoredTensor.ofFloats(new float[] {1, 3}, 2));
        assertNotEquals(a, StoredTensor.ofFloats(new float[] {1, 2}, 1, 2));
        assertNotEquals(StoredTensor.ofLongs(new long[] {0}), StoredTensor.of(TensorDType.FLOAT64,
                ByteBuffer.allocate(8)));
        long[] shape = a.shape();
        shape[0] = 9;
        assertArrayEquals(new long[] {2}, a.shape(), "the shape must not be changeable");
        assertTrue(a.storage().isReadOnly());
    }
}
