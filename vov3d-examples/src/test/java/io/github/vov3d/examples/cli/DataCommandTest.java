package io.github.vov3d.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.data.media.RgbFrame;
import io.github.vov3d.data.media.VideoWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vov3d data check} on a Kinetics layout it builds itself: one good video, two bad files, a bad line. */
class DataCommandTest {
    @TempDir
    Path root;

    private int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return new Vov3dCli().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void listsEveryBadFileAndExitsOne() throws Exception {
        try (VideoWriter w = VideoWriter.builder().file(root.resolve("good.mp4")).size(64, 48).open()) {
            for (int i = 0; i < 30; i++) {
                w.write(new RgbFrame(64, 48, new byte[64 * 48 * 3]));
            }
        }
        Files.write(root.resolve("broken.mp4"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Files.writeString(root.resolve("train.csv"), "good.mp4 0\nbroken.mp4 1\nmissing.mp4 2\ngood.mp4 x\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = run(out, err, "data", "check", "--dataset", "kinetics", "--root", root.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, text + err);
        assertTrue(text.contains("BAD UNREADABLE") && text.contains("broken.mp4"), text);
        assertTrue(text.contains("BAD MISSING_FILE") && text.contains("missing.mp4"), text);
        assertTrue(text.contains("BAD UNKNOWN_LABEL") && text.contains("line 4"), text);
        assertTrue(text.contains("checked 3 videos of kinetics train: 3 problems"), text);
    }

    @Test
    void cleanDatasetExitsZeroAndBadArgumentsTwo() throws Exception {
        Files.createDirectories(root.resolve("a"));
        try (VideoWriter w = VideoWriter.builder().file(root.resolve("a/x.mp4")).size(64, 48).open()) {
            w.write(new RgbFrame(64, 48, new byte[64 * 48 * 3]));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, run(out, new ByteArrayOutputStream(), "data", "check", "--dataset", "folder", "--root",
                root.toString()), out.toString(StandardCharsets.UTF_8));
        assertEquals(2, run(new ByteArrayOutputStream(), new ByteArrayOutputStream(), "data", "check", "--dataset",
                "imagenet", "--root", root.toString()));
        assertEquals(1, run(new ByteArrayOutputStream(), new ByteArrayOutputStream(), "data", "check", "--dataset",
                "ssv1", "--root", root.toString()));
    }
}
