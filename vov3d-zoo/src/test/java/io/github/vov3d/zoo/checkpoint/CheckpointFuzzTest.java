package io.github.vov3d.zoo.checkpoint;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.vov3d.api.CheckpointException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random and randomly damaged input never escapes as anything but a
 * {@link CheckpointException}: no other exception, no {@link OutOfMemoryError}, no
 * {@link StackOverflowError}.
 */
class CheckpointFuzzTest {
    private static Path dir;
    private static byte[] valid;

    @BeforeContainer
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("fuzz");
        Map<String, StoredTensor> state = new LinkedHashMap<>();
        state.put("conv.weight", StoredTensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        state.put("bn.num_batches_tracked", StoredTensor.ofLongs(new long[] {9}));
        Path file = dir.resolve("valid.pth");
        OptimizerState optimizer = OptimizerState.sgd(
                Map.of(0, StoredTensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)),
                List.of(OptimizerState.ParamGroup.sgd(0.1, 0.9, 1e-4, true, List.of(0, 1))));
        TorchCheckpointWriter.write(file, new PySlowFastCheckpoint(OptionalInt.of(3), state,
                Optional.of(optimizer), Optional.of("A: 1\n"), Map.of("note", List.of(1L, "x"))));
        valid = Files.readAllBytes(file);
    }

    @AfterContainer
    static void tearDown() throws IOException {
        CheckpointRoundTripTest.deleteTree(dir);
    }

    @Property(tries = 300)
    void randomBytesAreACheckpointException(@ForAll @Size(max = 2048) byte[] noise,
            @ForAll boolean zipMagic) throws IOException {
        byte[] content = noise;
        if (zipMagic) {
            content = Arrays.copyOf(new byte[] {'P', 'K', 3, 4}, 4 + noise.length);
            System.arraycopy(noise, 0, content, 4, noise.length);
        }
        expectOnlyCheckpointException(content);
    }

    @Property(tries = 300)
    void damagedCheckpointsAreReadOrRefused(@ForAll("damage") int[] edits) throws IOException {
        byte[] content = valid.clone();
        int length = content.length;
        for (int i = 0; i + 1 < edits.length; i += 2) {
            content[Math.floorMod(edits[i], length)] = (byte) edits[i + 1];
        }
        if (edits.length % 2 == 1) {
            content = Arrays.copyOf(content, Math.floorMod(edits[edits.length - 1], length));
        }
        expectOnlyCheckpointException(content);
    }

    @Provide
    Arbitrary<int[]> damage() {
        return Arbitraries.integers().array(int[].class).ofMinSize(1).ofMaxSize(9);
    }

    @Property(tries = 2000)
    void randomPicklesAreACheckpointException(@ForAll("pickles") byte[] pickle) {
        PickleReader reader = new PickleReader("fuzz", TorchGlobals.allowList("fuzz"),
                pid -> new TorchStorage("0", TensorDType.FLOAT32, 4, ByteBuffer.allocate(16)));
        try {
            CheckpointLayout.interpret(reader.read(pickle), "fuzz");
        } catch (CheckpointException expected) {
            // the only acceptable failure
        } catch (Throwable t) {
            fail("random pickle " + Arrays.toString(pickle) + " escaped as " + t, t);
        }
    }

    /** Pickles built from the opcodes the reader knows, so that runs get deep into the machine. */
    @Provide
    Arbitrary<byte[]> pickles() {
        String known = "()]}tlaeds0012NKMJ\u0088\u0089\u0085\u0086\u0087"
                + "Rbqhj\u008f\u0090\u0091QGX\u008c\u0094.";
        Arbitrary<Byte> opcodes = Arbitraries.of(known.chars().mapToObj(c -> (byte) c).toList());
        Arbitrary<Byte> any = Arbitraries.bytes();
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, opcodes), net.jqwik.api.Tuple.of(1, any))
                .list().ofMaxSize(200)
                .map(list -> {
                    byte[] out = new byte[list.size() + 2];
                    out[0] = (byte) 0x80;
                    out[1] = 2;
                    for (int i = 0; i < list.size(); i++) {
                        out[i + 2] = list.get(i);
                    }
                    return out;
                });
    }

    private static void expectOnlyCheckpointException(byte[] content) throws IOException {
        Path file = Files.write(dir.resolve("fuzzed.pth"), content);
        try {
            TorchCheckpointReader.read(file);
        } catch (CheckpointException expected) {
            // the only acceptable failure
        } catch (Throwable t) {
            fail("damaged checkpoint escaped as " + t, t);
        }
    }
}
