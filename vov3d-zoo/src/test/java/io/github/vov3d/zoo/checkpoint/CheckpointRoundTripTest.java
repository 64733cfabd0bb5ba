package io.github.vov3d.zoo.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.zoo.checkpoint.OptimizerState.ParamGroup;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointRoundTripTest {

    @Property(tries = 60)
    void writeThenReadGivesTheSameCheckpoint(@ForAll("stateDicts") Map<String, StoredTensor> state,
            @ForAll("epochs") OptionalInt epoch) throws IOException {
        Path dir = Files.createTempDirectory("roundtrip");
        try {
            PySlowFastCheckpoint written = new PySlowFastCheckpoint(epoch, state, Optional.empty(),
                    Optional.of("MODEL:\n  NUM_CLASSES: 7\n"), Map.of());
            Path file = dir.resolve("checkpoint_epoch_00001.pyth");
            TorchCheckpointWriter.write(file, written);
            PySlowFastCheckpoint read = TorchCheckpointReader.read(file);
            assertEquals(written, read);
            assertEquals(new ArrayList<>(state.keySet()), new ArrayList<>(read.modelState().keySet()));
        } finally {
            deleteTree(dir);
        }
    }

    @Provide
    Arbitrary<OptionalInt> epochs() {
        return Arbitraries.integers().between(-1, 1000)
                .map(e -> e < 0 ? OptionalInt.empty() : OptionalInt.of(e));
    }

    @Provide
    Arbitrary<Map<String, StoredTensor>> stateDicts() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('.', '_')
                .ofMinLength(1).ofMaxLength(20);
        return Arbitraries.maps(names, tensors()).ofMinSize(1).ofMaxSize(8)
                .map(LinkedHashMap::new);
    }

    static Arbitrary<StoredTensor> tensors() {
        Arbitrary<long[]> shapes = Arbitraries.longs().between(0, 4).array(long[].class).ofMaxSize(4);
        Arbitrary<TensorDType> types = Arbitraries.of(TensorDType.class);
        return shapes.flatMap(shape -> types.flatMap(dtype -> {
            int bytes = (int) TensorLayout.numel(shape) * dtype.byteSize();
            return Arbitraries.bytes().array(byte[].class).ofSize(bytes)
                    .map(data -> StoredTensor.of(dtype, ByteBuffer.wrap(data), shape));
        }));
    }

    @Test
    void optimizerStateAndExtrasSurvive(@TempDir Path dir) throws IOException {
        Map<String, StoredTensor> state = new LinkedHashMap<>();
        state.put("head.projection.weight", StoredTensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        state.put("head.projection.bias", StoredTensor.ofFloats(new float[] {0.5f, -0.5f}, 2));
        state.put("bn.num_batches_tracked", StoredTensor.ofLongs(new long[] {7}));
        Map<String, Object> fused = new LinkedHashMap<>();
        fused.put("maximize", false);
        fused.put("foreach", null);
        OptimizerState optimizer = new OptimizerState(
                Map.of(1, Map.of(OptimizerState.MOMENTUM_BUFFER, StoredTensor.ofFloats(new float[] {1, 1}, 2),
                        "step", 3L)),
                List.of(new ParamGroup(0.1, 0.9, 0, 5e-5, true, List.of(0, 1, 2), fused),
                        ParamGroup.sgd(0.2, 0, 0, false, List.of())));
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("best_top1", 71.5);
        extras.put("notes", Arrays.asList("a", null, 3L, true, List.of(1L, 2L)));
        extras.put("bytes", ByteBuffer.wrap(new byte[] {0, (byte) 0xFF, 65}).asReadOnlyBuffer());
        extras.put("table", Map.of("k", Map.of(5L, "v")));
        extras.put("huge", new java.math.BigInteger("123456789012345678901234567890"));
        extras.put("big", Long.MIN_VALUE);
        extras.put("tags", Collections.unmodifiableSet(new java.util.LinkedHashSet<>(List.of("x", "y"))));
        PySlowFastCheckpoint written = new PySlowFastCheckpoint(OptionalInt.of(12), state,
                Optional.of(optimizer), Optional.of("TRAIN:\n  ENABLE: true\n"), extras);
        Path file = dir.resolve("ckpt.pth");
        TorchCheckpointWriter.write(file, written);
        PySlowFastCheckpoint read = TorchCheckpointReader.read(file);
        assertEquals(written, read);
        assertEquals(Map.of(1, optimizer.momentumBuffers().get(1)), read.optimizerState().orElseThrow()
                .momentumBuffers());
    }

    @Test
    void bareStateDictIsReadAsModelState(@TempDir Path dir) throws IOException {
        Map<String, StoredTensor> state = new LinkedHashMap<>();
        state.put("conv.weight", StoredTensor.ofFloats(new float[] {1, 2, 3}, 3, 1));
        state.put("bn.num_batches_tracked", StoredTensor.ofLongs(new long[] {0}));
        Path file = dir.resolve("weights.pt");
        TorchCheckpointWriter.writeStateDict(file, state);
        PySlowFastCheckpoint read = TorchCheckpointReader.read(file);
        assertEquals(PySlowFastCheckpoint.ofModelState(state), read);
        assertTrue(read.epoch().isEmpty() && read.cfg().isEmpty() && read.optimizerState().isEmpty());
    }

    @Test
    void goldenCheckpointSurvivesARoundTrip(@TempDir Path dir) throws IOException {
        PySlowFastCheckpoint golden = TorchCheckpointReader.read(
                GoldenFiles.checkpoint(GoldenFiles.VOV3D));
        Path file = dir.resolve("checkpoint_epoch_00005.pyth");
        TorchCheckpointWriter.write(file, golden);
        assertEquals(golden, TorchCheckpointReader.read(file));
        TorchCheckpointWriter.write(file, golden.withEpoch(5));
        assertEquals(5, TorchCheckpointReader.read(file).epoch().getAsInt(), "overwritten in place");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file may be left behind");
        }
    }

    @Test
    void archiveHasTorchLayout(@TempDir Path dir) throws IOException {
        Map<String, StoredTensor> state = new LinkedHashMap<>();
        state.put("a", StoredTensor.ofFloats(new float[] {1, 2, 3}, 3));
        state.put("b", StoredTensor.ofLongs(new long[] {4, 5}, 2));
        Path file = dir.resolve("checkpoint_epoch_00003.pyth");
        TorchCheckpointWriter.write(file, PySlowFastCheckpoint.ofModelState(state).withEpoch(2));
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile());
                RandomAccessFile raw = new RandomAccessFile(file.toFile(), "r")) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                names.add(entry.getName());
                assertEquals(ZipEntry.STORED, entry.getMethod(), entry.getName());
                assertEquals(0, dataOffset(raw, entry) % 64, entry.getName() + " is not aligned");
            }
            String root = "checkpoint_epoch_00003/";
            assertEquals(List.of(root + "data.pkl", root + "byteorder", root + "data/0",
                    root + "data/1", root + "version"), names);
            assertEquals("3\n", new String(zip.getInputStream(zip.getEntry(root + "version"))
                    .readAllBytes(), StandardCharsets.US_ASCII));
            assertEquals("little", new String(zip.getInputStream(zip.getEntry(root + "byteorder"))
                    .readAllBytes(), StandardCharsets.US_ASCII));
            byte[] longs = zip.getInputStream(zip.getEntry(root + "data/1")).readAllBytes();
            assertEquals(5L, ByteBuffer.wrap(longs).order(ByteOrder.LITTLE_ENDIAN).getLong(8));
        }
    }

    @Test
    void stridedViewsAreWrittenContiguously(@TempDir Path dir) throws IOException {
        ByteBuffer storage = ByteBuffer.allocate(6 * 4).order(ByteOrder.LITTLE_ENDIAN);
        storage.asFloatBuffer().put(new float[] {0, 1, 2, 3, 4, 5});
        // the transpose of a 2×3 matrix, starting one element in: not contiguous
        StoredTensor transposed = new StoredTensor(TensorDType.FLOAT32, new long[] {2, 2},
                new long[] {1, 3}, 1, storage);
        Path file = dir.resolve("view.pth");
        TorchCheckpointWriter.writeStateDict(file, Map.of("t", transposed));
        StoredTensor read = TorchCheckpointReader.read(file).modelState().get("t");
        assertArrayEquals(new float[] {1, 4, 2, 5}, read.toFloatArray());
        assertTrue(read.isContiguous());
        assertEquals(transposed, read);
    }

    /** Offset of an entry's data: its local header is 30 bytes plus name and extra field. */
    static long dataOffset(RandomAccessFile raw, ZipEntry entry) throws IOException {
        long header = localHeaderOffset(raw, entry.getName());
        raw.seek(header + 26);
        int nameLength = Short.toUnsignedInt(Short.reverseBytes(raw.readShort()));
        int extraLength = Short.toUnsignedInt(Short.reverseBytes(raw.readShort()));
        return header + 30 + nameLength + extraLength;
    }

    private static long localHeaderOffset(RandomAccessFile raw, String name) throws IOException {
        byte[] all = new byte[(int) raw.length()];
        raw.seek(0);
        raw.readFully(all);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + 30 + wanted.length <= all.length; i++) {
            if (all[i] != 'P' || all[i + 1] != 'K' || all[i + 2] != 3 || all[i + 3] != 4) {
                continue;
            }
            int nameLength = (all[i + 26] & 0xFF) | (all[i + 27] & 0xFF) << 8;
            if (nameLength != wanted.length) {
                continue;
            }
            for (int j = 0; j < wanted.length; j++) {
                if (all[i + 30 + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no local header for " + name);
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
