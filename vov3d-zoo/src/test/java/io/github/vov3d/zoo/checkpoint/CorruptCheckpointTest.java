package io.github.vov3d.zoo.checkpoint;

import static io.github.vov3d.zoo.checkpoint.TestPickles.bytes;
import static io.github.vov3d.zoo.checkpoint.TestPickles.str;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.api.CheckpointException;
import io.github.vov3d.api.UnsafeCheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken files: each gives a CheckpointException that names the file and says what to do. */
class CorruptCheckpointTest {

    static CheckpointException fails(Path file, String... fragments) {
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> TorchCheckpointReader.read(file));
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    "expected '" + fragment + "' in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void missingFile(@TempDir Path dir) {
        fails(dir.resolve("nope.pth"), "not found");
    }

    @Test
    void directory(@TempDir Path dir) {
        fails(dir, "directory");
    }

    @Test
    void emptyFile(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("empty.pth"));
        fails(file, "empty", "download it again");
    }

    @Test
    void foreignAndLegacyFormats(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("text.pth"), "hello, not a checkpoint");
        fails(text, "not a PyTorch zip checkpoint", "_use_new_zipfile_serialization");
        Path legacy = Files.write(dir.resolve("legacy.pth"),
                bytes(0x80, 2, 0x8a, 10, "l\u00fc\u009cF\u00f9 j\u00a8P", (int) '.'));
        fails(legacy, "legacy pickle checkpoint", "re-save it with torch ≥ 1.6");
        byte[] tar = new byte[1024];
        System.arraycopy("ustar".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, tar, 257, 5);
        Path tarFile = Files.write(dir.resolve("legacy.tar"), tar);
        fails(tarFile, "legacy tar checkpoint");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.99})
    void truncatedArchive(double fraction, @TempDir Path dir) throws IOException {
        byte[] golden = Files.readAllBytes(GoldenFiles.checkpoint(GoldenFiles.X3D));
        Path file = Files.write(dir.resolve("cut.pth"),
                Arrays.copyOf(golden, (int) (golden.length * fraction)));
        fails(file, "truncated or corrupt", "download it again");
    }

    @Test
    void zipWithoutPickle(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("other.zip");
        TestPickles.zip(file, Map.of("model/weights.bin", new byte[16]));
        fails(file, "without <folder>/data.pkl", "model/weights.bin");
    }

    @Test
    void storageShorterThanDeclared(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("short.pth");
        TestPickles.zip(file, archive(tensorPickle(10), new byte[37]));
        fails(file, "data/0", "10 FLOAT32 elements (40 bytes) but has 37 bytes", "truncated");
    }

    @Test
    void storageMissing(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("nostorage.pth");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a/data.pkl", tensorPickle(2));
        TestPickles.zip(file, entries);
        fails(file, "a/data/0", "lacks");
    }

    @Test
    void viewOutsideItsStorage(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("view.pth");
        // storage of 2 floats, tensor of size 3
        byte[] pickle = bytes(0x80, 2, (int) '}', str("w"), "ctorch._utils\n_rebuild_tensor_v2\n",
                (int) '(', (int) '(', str("storage"), "ctorch\nFloatStorage\n", str("0"),
                str("cpu"), (int) 'K', 2, (int) 't', (int) 'Q', (int) 'K', 0, (int) 'K', 3, 0x85,
                (int) 'K', 1, 0x85, 0x89, (int) ')', (int) 't', (int) 'R', (int) 's', (int) '.');
        TestPickles.zip(file, archive(pickle, new byte[8]));
        fails(file, "data/0", "reaches element 2 of a storage of 2 elements");
    }

    @Test
    void dictWithoutModelState(@TempDir Path dir) throws IOException {
        byte[] pickle = bytes(0x80, 2, (int) '}', (int) '(', str("epoch"), (int) 'K', 3,
                str("state_dict"), (int) '}', (int) 'u', (int) '.');
        Path file = dir.resolve("foreign.pth");
        TestPickles.zip(file, Map.of("foreign/data.pkl", pickle));
        fails(file, "no 'model_state' entry: this is not a PySlowFast checkpoint",
                "keys found: ['epoch', 'state_dict']");
    }

    @Test
    void unsupportedOpcodeIsNamedWithItsOffset(@TempDir Path dir) throws IOException {
        byte[] pickle = bytes(0x80, 2, (int) 'I', "42\n", (int) '.');
        Path file = dir.resolve("proto0.pth");
        TestPickles.zip(file, Map.of("proto0/data.pkl", pickle));
        CheckpointException e = fails(file, "unsupported pickle opcode 0x49 ('I') at offset 2");
        assertTrue(!(e instanceof UnsafeCheckpointException));
    }

    @Test
    void cyclicAndDeeplyNestedValuesAreRefused(@TempDir Path dir) throws IOException {
        // {'model_state': {}, 'loop': L} where L = [L]
        byte[] cyclic = bytes(0x80, 2, (int) '}', str("model_state"), (int) '}', (int) 's',
                str("loop"), (int) ']', (int) 'q', 1, (int) 'h', 1, (int) 'a', (int) 's', (int) '.');
        Path loop = dir.resolve("loop.pth");
        TestPickles.zip(loop, Map.of("loop/data.pkl", cyclic));
        fails(loop, "'loop'", "levels deep");
        // 'deep': [[[[…]]]] a hundred thousand levels, built with EMPTY_LIST and APPEND
        byte[] opening = new byte[100_000];
        Arrays.fill(opening, (byte) ']');
        byte[] closing = new byte[opening.length - 1];
        Arrays.fill(closing, (byte) 'a');
        byte[] deep = bytes(0x80, 2, (int) '}', str("model_state"), (int) '}', (int) 's',
                str("deep"), opening, closing, (int) 's', (int) '.');
        Path nested = dir.resolve("deep.pth");
        TestPickles.zip(nested, Map.of("deep/data.pkl", deep));
        fails(nested, "'deep'", "levels deep");
    }

    @Test
    void exponentialSharingIsRefused(@TempDir Path dir) throws IOException {
        // x0 = [], x(i+1) = [x(i), x(i)]: 40 levels expand to 2^40 values
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(bytes(0x80, 2, (int) '}', str("model_state"), (int) '}', (int) 's',
                str("bomb"), (int) ']'));
        for (int i = 0; i < 40; i++) {
            out.writeBytes(bytes((int) 'q', 0, (int) '0', (int) ']', (int) 'h', 0, (int) 'a',
                    (int) 'h', 0, (int) 'a'));
        }
        out.writeBytes(bytes((int) 's', (int) '.'));
        Path file = dir.resolve("bomb.pth");
        TestPickles.zip(file, Map.of("bomb/data.pkl", out.toByteArray()));
        fails(file, "'bomb'");
    }

    @Test
    void hugeLengthsAreCheckedBeforeAllocating(@TempDir Path dir) throws IOException {
        byte[] pickle = bytes(0x80, 4, 0x8d, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, "x");
        Path file = dir.resolve("long.pth");
        TestPickles.zip(file, Map.of("long/data.pkl", pickle));
        fails(file, "declares 9223372036854775807 bytes but only 1 remain");
        byte[] stop = bytes(0x80, 2, (int) 'X', 0xFF, 0xFF, 0xFF, 0x7F);
        TestPickles.zip(file, Map.of("long/data.pkl", stop));
        fails(file, "declares 2147483647 bytes but only 0 remain");
    }

    @Test
    void flippedBitInAStorageIsReported(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("flipped.pth");
        TorchCheckpointWriter.writeStateDict(file,
                Map.of("w", StoredTensor.ofFloats(new float[] {1, 2, 3, 4}, 4)));
        byte[] content = Files.readAllBytes(file);
        byte[] one = {0, 0, (byte) 0x80, 0x3F}; // 1.0f little-endian
        int at = indexOf(content, one);
        content[at + 2] ^= 1;
        Files.write(file, content);
        fails(file, "flipped/data/0 is damaged (CRC-32", "download the checkpoint again");
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    static Map<String, byte[]> archive(byte[] pickle, byte[] storage) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("ckpt/data.pkl", pickle);
        entries.put("ckpt/data/0", storage);
        entries.put("ckpt/version", bytes("3\n"));
        return entries;
    }

    /** {@code {'w': tensor of n floats on storage '0'}}. */
    static byte[] tensorPickle(int n) {
        return bytes(0x80, 2, (int) '}', str("w"), "ctorch._utils\n_rebuild_tensor_v2\n",
                (int) '(', (int) '(', str("storage"), "ctorch\nFloatStorage\n", str("0"),
                str("cpu"), (int) 'K', n, (int) 't', (int) 'Q', (int) 'K', 0, (int) 'K', n, 0x85,
                (int) 'K', 1, 0x85, 0x89, "ccollections\nOrderedDict\n", (int) ')', (int) 'R',
                (int) 't', (int) 'R', (int) 's', (int) '.');
    }
}
