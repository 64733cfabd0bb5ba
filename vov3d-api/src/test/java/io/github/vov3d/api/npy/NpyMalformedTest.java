package io.github.vov3d.api.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyMalformedTest {

    /** Builds a file by hand: version 1.0 header (padded) followed by raw data. */
    static byte[] npy(int major, String dict, byte[] data) {
        int prefix = major == 1 ? 10 : 12;
        int total = (prefix + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer out = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            out.putShort((short) (total - prefix));
        } else {
            out.putInt(total - prefix);
        }
        out.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (out.position() < total - 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n').put(data);
        return out.array();
    }

    static byte[] bytes(ByteOrder order, int size, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer buffer = ByteBuffer.allocate(size).order(order);
        fill.accept(buffer);
        return buffer.array();
    }

    @Test
    void convertsFloat64AndIntegerFilesToFloat() throws IOException {
        byte[] f8 = bytes(ByteOrder.LITTLE_ENDIAN, 16, b -> b.putDouble(1.5).putDouble(-0.1));
        assertArrayEquals(new float[] {1.5f, -0.1f}, Npy.read(npy(1,
                "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", f8)).data());
        byte[] i8 = bytes(ByteOrder.LITTLE_ENDIAN, 24, b -> b.putLong(3).putLong(-4).putLong(1L << 40));
        NpyArray longs = Npy.read(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1, 3), }", i8));
        assertArrayEquals(new long[] {1, 3}, longs.shape());
        assertArrayEquals(new float[] {3f, -4f, (float) (1L << 40)}, longs.data());
        byte[] i4 = bytes(ByteOrder.LITTLE_ENDIAN, 4, b -> b.putInt(-7));
        assertArrayEquals(new float[] {-7f}, Npy.read(npy(2,
                "{'descr': '<i4', 'fortran_order': False, 'shape': (), }", i4)).data());
    }

    @Test
    void readsBigEndianAndPython2Headers() throws IOException {
        byte[] be = bytes(ByteOrder.BIG_ENDIAN, 8, b -> b.putFloat(2.25f).putFloat(-1f));
        NpyArray array = Npy.read(npy(1,
                "{'descr': '>f4', 'fortran_order': False, 'shape': (2L, 1L), }", be));
        assertArrayEquals(new long[] {2, 1}, array.shape());
        assertArrayEquals(new float[] {2.25f, -1f}, array.data());
    }

    @Test
    void refusesBadMagic() {
        IOException e = assertThrows(IOException.class,
                () -> Npy.read("PK\u0003\u0004 not numpy".getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(e.getMessage().contains("not a NumPy .npy file (bad magic"), e.getMessage());
        IOException empty = assertThrows(IOException.class, () -> Npy.read(new byte[0]));
        assertTrue(empty.getMessage().contains("empty file"), empty.getMessage());
    }

    @Test
    void refusesFortranOrder() {
        byte[] file = npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
                new byte[16]);
        IOException e = assertThrows(IOException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().contains("Fortran-order"), e.getMessage());
    }

    @Test
    void refusesUnsupportedTypesAndVersions() {
        byte[] complex = npy(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }",
                new byte[8]);
        IOException type = assertThrows(IOException.class, () -> Npy.read(complex));
        assertTrue(type.getMessage().contains("unsupported .npy element type '<c8'"), type.getMessage());
        byte[] v9 = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        v9[6] = 9;
        IOException version = assertThrows(IOException.class, () -> Npy.read(v9));
        assertTrue(version.getMessage().contains("unsupported .npy format version 9.0"),
                version.getMessage());
    }

    @Test
    void refusesMalformedHeaders() {
        for (String dict : new String[] {"{'descr': '<f4', 'shape': (2,), }",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2,-1), }",
                "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }",
                "['descr', '<f4']", "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), "
                        + "'extra': 1}"}) {
            IOException e = assertThrows(IOException.class,
                    () -> Npy.read(npy(1, dict, new byte[8])), dict);
            assertTrue(e.getMessage().contains("malformed .npy header"), e.getMessage());
        }
    }

    @Test
    void truncatedDataSaysExpectedAndFoundBytes(@TempDir Path dir) throws IOException {
        byte[] file = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 5), }",
                new byte[50]);
        IOException e = assertThrows(IOException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().contains("needs 80 bytes after the header, found 50"),
                e.getMessage());
        IOException stream = assertThrows(IOException.class,
                () -> Npy.read(new java.io.ByteArrayInputStream(file)));
        assertTrue(stream.getMessage().contains("needs 80 bytes after the header, found 50"),
                stream.getMessage());
        Path path = dir.resolve("cut.npy");
        Files.write(path, Arrays.copyOf(file, 70));
        IOException onDisk = assertThrows(IOException.class, () -> Npy.read(path));
        assertTrue(onDisk.getMessage().startsWith(path.toString()), onDisk.getMessage());
        assertTrue(onDisk.getMessage().contains("found 6"), onDisk.getMessage());
    }

    @Test
    void hugeShapeInATinyFileFailsWithoutAllocating() {
        byte[] file = npy(1, "{'descr': '<f4', 'fortran_order': False, "
                + "'shape': (100000, 100000, 100000), }", new byte[4]);
        IOException e = assertThrows(IOException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().contains("more than a Java array can hold"), e.getMessage());
        byte[] big = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (500000000,), }",
                new byte[4]);
        IOException stream = assertThrows(IOException.class,
                () -> Npy.read(new java.io.ByteArrayInputStream(big)));
        assertTrue(stream.getMessage().contains("found 4"), stream.getMessage());
    }

    @Property(tries = 300)
    void randomBytesGiveIoExceptionsOnly(@ForAll byte[] noise) {
        byte[] prefixed = new ByteArrayOutputStream() {
            {
                writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
                writeBytes(noise);
            }
        }.toByteArray();
        for (byte[] input : new byte[][] {noise, prefixed}) {
            try {
                Npy.read(input);
            } catch (IOException expected) {
                // the only acceptable failure
            }
        }
    }
}
