package io.github.vov3d.data.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a video's frames come from: one encoded file (Kinetics, Something-Something V2 webm)
 * or a folder of JPEG frames listed in order (Something-Something V1, extracted V2 frames).
 */
public sealed interface VideoSource {
    /** @return a short description for messages (the file or folder) */
    Path location();

    /**
     * An encoded video file.
     *
     * @param file the file
     */
    record VideoFile(Path file) implements VideoSource {
        @Override
        public Path location() {
            return file;
        }
    }

    /**
     * A video given as JPEG frames, in display order.
     *
     * @param frames the frame files
     */
    record FrameFolder(List<Path> frames) implements VideoSource {
        /** Copies the list. */
        public FrameFolder {
            frames = List.copyOf(frames);
        }

        @Override
        public Path location() {
            return frames.isEmpty() ? Path.of("") : frames.get(0).getParent();
        }
    }
}
