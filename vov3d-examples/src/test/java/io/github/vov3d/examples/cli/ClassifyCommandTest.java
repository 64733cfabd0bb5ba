package io.github.vov3d.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.examples.paper.TinyVideos;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vov3d classify}: a golden checkpoint on a generated video; a zoo name offline without cache. */
class ClassifyCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsTheTopClassesOfAVideoAveragedOverItsViews() throws Exception {
        Path video = TinyVideos.video(tmp.resolve("clip.mp4"), 0);
        CliRun r = CliRun.of("classify", video.toString(), "--weights",
                TinyVideos.golden("x3d_m_k400/checkpoint.pth").toString(), "--top", "3", "--views", "2x3",
                "--frames", "4", "--crop", "32", "--device", "cpu");
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("sampled as x3d_m_k400") && r.out().contains("view 6 of 6"), r.out());
        String top = r.out().substring(r.out().indexOf("top-3 of"));
        assertEquals(4, top.lines().count(), top);
    }

    @Test
    void aZooNameOfflineWithoutCacheFailsClearly() {
        CliRun r = CliRun.of("classify", tmp.resolve("clip.mp4").toString(), "--model", "x3d_m_k400", "--offline",
                "--cache", tmp.resolve("cache").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().toLowerCase(Locale.ROOT).contains("offline"), r.err());
        assertEquals(2, CliRun.of("classify", "v.mp4").status());
    }
}
