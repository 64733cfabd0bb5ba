package io.github.vov3d.examples.paper;

import io.github.vov3d.data.media.JpegWriter;
import io.github.vov3d.data.media.RgbFrame;
import io.github.vov3d.data.media.VideoCodec;
import io.github.vov3d.data.media.VideoWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tiny generated datasets for end-to-end tests: 64×48 videos of 12 frames in two classes
 * (class 0 a bright square moving right, class 1 moving left), in the Kinetics layout (mp4)
 * and the Something-Something V1 / V2 layouts (JPEG frame folders with frame lists, or for V2
 * the original layout of VP9 webm files without frame lists).
 */
public final class TinyVideos {
    public static final int W = 64;
    public static final int H = 48;
    public static final int FRAMES = 12;

    private TinyVideos() {}

    static RgbFrame frame(int label, int t) {
        byte[] rgb = new byte[W * H * 3];
        int x0 = label == 0 ? t * 4 : W - 16 - t * 4;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean in = x >= x0 && x < x0 + 16 && y >= 16 && y < 32;
                int p = (y * W + x) * 3;
                rgb[p] = (byte) (in ? 230 : 30);
                rgb[p + 1] = (byte) (in ? 200 : 40 + y);
                rgb[p + 2] = (byte) (in ? 20 : 90);
            }
        }
        return new RgbFrame(W, H, rgb);
    }

    /** Writes an mp4 of one class. @param file where @param label 0 or 1 @return the file @throws IOException on failure */
    public static Path video(Path file, int label) throws IOException {
        return video(file, label, VideoCodec.MPEG4);
    }

    private static Path video(Path file, int label, VideoCodec codec) throws IOException {
        Files.createDirectories(file.getParent());
        try (VideoWriter w = VideoWriter.builder().file(file).size(W, H).fps(30).keyFrameInterval(6)
                .codec(codec).open()) {
            for (int t = 0; t < FRAMES; t++) {
                w.write(frame(label, t));
            }
        }
        return file;
    }

    /** Kinetics layout: train.csv (4 videos), val.csv and test.csv (2 videos each). */
    public static Path kinetics(Path root) throws IOException {
        List<String> train = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int label = i % 2;
            video(root.resolve("videos/v" + i + ".mp4"), label);
            (i < 4 ? train : test).add("videos/v" + i + ".mp4 " + label);
        }
        Files.write(root.resolve("train.csv"), train);
        Files.write(root.resolve("val.csv"), test);
        Files.write(root.resolve("test.csv"), test);
        return root;
    }

    /**
     * Something-Something V2 as it ships: {@code <root>/<id>.webm} (VP9) and the label and split
     * JSON files, no frame lists, so clips are decoded from the webm files.
     */
    public static Path somethingV2Webm(Path root) throws IOException {
        something(root, 2, false);
        for (int v = 1; v <= 6; v++) {
            video(root.resolve(v + ".webm"), v % 2, VideoCodec.VP9);
        }
        return root;
    }

    /** Something-Something layout (V1 or V2) with JPEG frame folders and frame lists. */
    public static Path something(Path root, int version) throws IOException {
        return something(root, version, true);
    }

    private static Path something(Path root, int version, boolean frameFolders) throws IOException {
        Files.createDirectories(root);
        String[] classes = {"Pushing something from left to right", "Pushing something from right to left"};
        List<String> frameList = new ArrayList<>(List.of("original_vido_id video_id frame_id path labels"));
        StringBuilder csv = new StringBuilder();
        StringBuilder json = new StringBuilder("[");
        for (int v = 1; v <= 6; v++) {
            int label = v % 2;
            for (int t = 0; frameFolders && t < FRAMES; t++) {
                Path f = root.resolve("frames/" + v + "/" + String.format("%05d.jpg", t + 1));
                Files.createDirectories(f.getParent());
                JpegWriter.write(frame(label, t), f);
                frameList.add(v + " " + v + " " + t + " frames/" + v + "/" + f.getFileName() + " \"\"");
            }
            csv.append(v).append(';').append(classes[label]).append('\n');
            json.append(v == 1 ? "" : ",").append("{\"id\": \"").append(v).append("\", \"template\": \"")
                    .append(classes[label].replace("something", "[something]")).append("\"}");
        }
        json.append(']');
        if (version == 1) {
            Files.writeString(root.resolve("something-something-v1-labels.csv"), classes[0] + "\n" + classes[1] + "\n");
            Files.writeString(root.resolve("something-something-v1-train.csv"), csv);
            Files.writeString(root.resolve("something-something-v1-validation.csv"), csv);
        } else {
            Files.writeString(root.resolve("something-something-v2-labels.json"),
                    "{\"" + classes[0] + "\": \"0\", \"" + classes[1] + "\": \"1\"}");
            Files.writeString(root.resolve("something-something-v2-train.json"), json);
            Files.writeString(root.resolve("something-something-v2-validation.json"), json);
        }
        if (frameFolders) {
            Files.write(root.resolve("train.csv"), frameList);
            Files.write(root.resolve("val.csv"), frameList);
        }
        return root;
    }

    /** @param file a file of {@code ../shared/golden} (or {@code -Dvov3d.golden.dir}) @return its path */
    public static Path golden(String file) {
        String configured = System.getProperty("vov3d.golden.dir", System.getenv("VOV3D_GOLDEN_DIR"));
        Path root = configured != null ? Path.of(configured) : Path.of("..", "shared", "golden");
        Path p = root.resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("golden file missing: " + p.toAbsolutePath());
        }
        return p;
    }
}
