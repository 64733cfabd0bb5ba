package io.github.vov3d.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.examples.paper.TinyVideos;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vov3d zoo list|info|fetch}, in-process, with a temporary cache and no network. */
class ZooCommandTest {
    @TempDir
    Path cache;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static Path goldenCheckpoint() {
        return TinyVideos.golden("vov3d_m_k400/checkpoint.pth");
    }

    @Test
    void listShowsEveryCheckpointWithThePaperNumbers() {
        CliRun r = run("zoo", "list", "--cache", cache.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(1 + 21 + 1, r.out().lines().count(), r.out());
        assertTrue(r.out().contains("vov3d_l_ssv2_f32_k400") && r.out().contains("67.4")
                && r.out().contains("24.3x6"), r.out());
        CliRun k400 = run("zoo", "list", "--dataset", "k400", "--cache", cache.toString());
        assertEquals(1 + 5 + 1, k400.out().lines().count(), k400.out());
    }

    @Test
    void infoShowsTheRecipeSourceAndLicence() {
        CliRun r = run("zoo", "info", "x3d_l_ssv2", "--cache", cache.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("BGR") && r.out().contains("https://dl.dropbox.com/s/iaqwbejrkbd7372/x3d_L_ssv2.pth")
                && r.out().contains("CC BY-NC 4.0") && r.out().contains("cached:        no"), r.out());
    }

    @Test
    void fetchFromALocalCopyRecordsTheDigestAndInfoShowsIt() {
        CliRun r = run("zoo", "fetch", "vov3d_m_k400", "--from", goldenCheckpoint().toString(),
                "--cache", cache.toString(), "--offline");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("copied from") && r.out().contains("recorded now"), r.out());
        CliRun again = run("zoo", "fetch", "vov3d_m_k400", "--cache", cache.toString(), "--offline");
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("already cached") && again.out().contains("recorded on its first fetch"),
                again.out());
        CliRun info = run("zoo", "info", "vov3d_m_k400", "--cache", cache.toString());
        assertTrue(info.out().contains("(recorded on first fetch)") && !info.out().contains("cached:        no"),
                info.out());
    }

    @Test
    void mistakesAndOfflineMissesAreClear() {
        assertEquals(2, run("zoo").status());
        assertEquals(2, run("zoo", "info", "resnet50").status());
        assertEquals(2, run("zoo", "fetch").status());
        assertEquals(2, run("zoo", "list", "--dataset", "ucf101").status());
        CliRun offline = run("zoo", "fetch", "vov3d_l_k400", "--offline", "--cache", cache.toString());
        assertEquals(1, offline.status());
        assertTrue(offline.err().contains("offline mode") && offline.err().contains("vov3d_L_k400_weight.pth"),
                offline.err());
    }
}
