package io.github.vov3d.api.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyRoundTripTest {

    @Property(tries = 200)
    void writeThenReadGivesTheSameArray(@ForAll("arrays") NpyArray array) throws IOException {
        byte[] bytes = Npy.toBytes(array);
        int headerEnd = indexOfNewline(bytes) + 1;
        assertEquals(0, headerEnd % 64, "header must be padded to a multiple of 64 bytes");
        assertEquals(headerEnd + 4L * array.size(), bytes.length);
        assertEquals(array, Npy.read(bytes));
    }

    @Provide
    Arbitrary<NpyArray> arrays() {
        Arbitrary<long[]> shapes = Arbitraries.longs().between(0, 5).array(long[].class)
                .ofMaxSize(5);
        return shapes.flatMap(shape -> {
            int size = (int) NpyArray.elementCount(shape);
            Arbitrary<Float> values = Arbitraries.oneOf(Arbitraries.floats(),
                    Arbitraries.of(Float.NaN, Float.POSITIVE_INFINITY, -0.0f, Float.MIN_VALUE));
            return values.array(float[].class).ofSize(size).map(data -> new NpyArray(shape, data));
        });
    }

    @Test
    void writesTheHeaderNumpyWrites() {
        byte[] bytes = Npy.toBytes(NpyArray.of(new float[5], 5));
        String header = new String(bytes, 10, indexOfNewline(bytes) - 10,
                java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }", header.strip());
        assertEquals(1, bytes[6], "format version 1.0");
        byte[] scalar = Npy.toBytes(NpyArray.of(new float[] {2.5f}));
        assertTrue(new String(scalar, java.nio.charset.StandardCharsets.US_ASCII)
                .contains("'shape': (), }"));
    }

    @Test
    void writesAtomicallyAndReplaces(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("clip.npy");
        Npy.write(file, NpyArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        NpyArray second = NpyArray.of(new float[] {7, 8}, 2);
        Npy.write(file, second);
        assertEquals(second, Npy.read(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file may be left behind");
        }
    }

    @Test
    void readsConsecutiveArraysFromOneStream() throws IOException {
        NpyArray first = NpyArray.of(new float[] {1, 2}, 2);
        NpyArray second = NpyArray.of(new float[] {3, 4, 5, 6}, 2, 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, first);
        Npy.write(out, second);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertEquals(first, Npy.read(in));
        assertEquals(second, Npy.read(in));
    }

    @Test
    void recordValidatesAndComparesByValue() {
        assertThrows(IllegalArgumentException.class, () -> NpyArray.of(new float[3], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> NpyArray.of(new float[0], -1));
        NpyArray a = NpyArray.of(new float[] {1, 2}, 2);
        assertEquals(a, NpyArray.of(new float[] {1, 2}, 2));
        assertEquals(a.hashCode(), NpyArray.of(new float[] {1, 2}, 2).hashCode());
        assertNotEquals(a, NpyArray.of(new float[] {1, 2}, 1, 2));
        long[] shape = a.shape();
        shape[0] = 7;
        assertArrayEquals(new long[] {2}, a.shape(), "the shape must not be changeable");
        assertEquals(1, a.rank());
        assertEquals(2, a.size());
        assertEquals("NpyArray[shape=[2], data=[1.0, 2.0] (2 values)]", a.toString());
    }

    static int indexOfNewline(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no newline");
    }
}
