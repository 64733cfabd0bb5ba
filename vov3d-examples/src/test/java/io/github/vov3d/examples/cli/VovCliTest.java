package io.github.vov3d.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.api.npy.Npy;
import io.github.vov3d.api.npy.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import io.github.vov3d.examples.paper.TinyVideos;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code vov3d} command line end to end, in-process, on the golden reference cases. */
class VovCliTest {
    @TempDir
    Path tmp;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static Path golden(String caseName, String file) {
        return TinyVideos.golden(caseName + "/" + file);
    }

    private static float maxAbsDiff(Path actual, Path expected) throws IOException {
        NpyArray a = Npy.read(actual);
        NpyArray e = Npy.read(expected);
        assertArrayEquals(e.shape(), a.shape());
        float max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - e.data()[i]));
        }
        return max;
    }

    @Test
    void infoPrintsTheReferenceNumbers() {
        CliRun r = run("info", "--model", "vov3d_m");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("3,667,360") && r.out().contains("4.917"), r.out());
        assertTrue(r.out().contains("memory traffic, layer by layer: 1268 MB per clip"), r.out());
        CliRun table = run("info", "--classes", "174");
        assertEquals(0, table.status(), table.err());
        assertTrue(table.out().contains("3,204,286") && table.out().contains("5,834,094"), table.out());
        assertEquals(7 + 2, table.out().lines().count(), table.out());
    }

    @Test
    void predictReproducesTheEvalOutputs() throws IOException {
        for (String c : new String[] {"vov3d_m_k400", "x3d_m_k400"}) {
            Path out = tmp.resolve(c + ".npy");
            CliRun r = run("predict", "--weights", golden(c, "checkpoint.pth").toString(),
                    "--input", golden(c, "input.npy").toString(), "--output", out.toString(),
                    "--train-crop", "112");
            assertEquals(0, r.status(), r.err());
            assertTrue(maxAbsDiff(out, golden(c, "output.npy")) <= 1e-5f, c);
        }
    }

    @Test
    void predictReproducesFullyConvolutionalAndTrainingOutputs() throws IOException {
        String c = "vov3d_m_k400";
        Path fullyConv = tmp.resolve("fc.npy");
        CliRun r = run("predict", "--weights", golden(c, "checkpoint.pth").toString(),
                "--input", golden(c, "input.npy").toString(), "--output", fullyConv.toString(),
                "--train-crop", "64", "--model", "vov3d_m");
        assertEquals(0, r.status(), r.err());
        assertTrue(maxAbsDiff(fullyConv, golden(c, "fullyconv_output.npy")) <= 1e-5f);
        Path train = tmp.resolve("train.npy");
        r = run("predict", "--weights", golden(c, "checkpoint.pth").toString(),
                "--input", golden(c, "input.npy").toString(), "--output", train.toString(),
                "--train-crop", "112", "--mode", "train");
        assertEquals(0, r.status(), r.err());
        assertTrue(maxAbsDiff(train, golden(c, "train_output.npy")) <= 1e-4f);
    }

    @Test
    void wrongArchitectureIsExplainedWithTheRightOne() {
        CliRun r = run("predict", "--weights", golden("vov3d_m_k400", "checkpoint.pth").toString(),
                "--input", golden("vov3d_m_k400", "input.npy").toString(),
                "--output", tmp.resolve("x.npy").toString(), "--model", "vov3d_l", "--train-crop", "112");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("--model vov3d_m"), r.err());
        assertTrue(!Files.exists(tmp.resolve("x.npy")), "no output written on failure");
    }

    @Test
    void commandLineMistakesExitWithStatusTwo() {
        assertEquals(2, run("predict", "--weights").status());
        assertEquals(2, run("predict", "--frobnicate", "1").status());
        assertEquals(2, run("info", "--model", "resnet50").status());
        assertEquals(2, run("nonsense").status());
        assertEquals(0, run("help").status());
        CliRun missing = run("predict", "--weights", tmp.resolve("none.pth").toString(),
                "--input", tmp.resolve("none.npy").toString(), "--output", tmp.resolve("o.npy").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("none.npy"), missing.err());
    }
}
