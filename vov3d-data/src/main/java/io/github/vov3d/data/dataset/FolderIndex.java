package io.github.vov3d.data.dataset;

import io.github.vov3d.data.media.BadInputException;
import io.github.vov3d.data.media.BadInputReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A generic folder-per-class dataset: {@code <root>/<split>/<class>/<video>} (or
 * {@code <root>/<class>/<video>} when there is no split folder). Classes are the sub-folder
 * names in sorted order; a video is a file with a video extension or a sub-folder of JPEG
 * frames (sorted by name).
 */
public final class FolderIndex {
    /** Extensions read as encoded videos. */
    public static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "webm", "mkv", "avi", "mov", "m4v");

    private FolderIndex() {}

    /**
     * @param root the dataset folder
     * @param split which split folder, if present
     * @return the videos (nothing is rejected here: a bad file is found when decoding)
     * @throws BadInputException if the folder is missing or unreadable
     */
    public static VideoIndex read(Path root, Split split) throws BadInputException {
        Path base = Files.isDirectory(root.resolve(split.fileStem())) ? root.resolve(split.fileStem()) : root;
        if (!Files.isDirectory(base)) {
            throw new BadInputException(base, BadInputReason.MISSING_FILE, "dataset folder not found");
        }
        List<VideoEntry> entries = new ArrayList<>();
        List<Path> classes = children(base).stream().filter(Files::isDirectory).toList();
        for (int label = 0; label < classes.size(); label++) {
            Path dir = classes.get(label);
            for (Path item : children(dir)) {
                String id = base.relativize(item).toString();
                if (Files.isDirectory(item)) {
                    List<Path> jpegs = children(item).stream().filter(FolderIndex::isJpeg).toList();
                    entries.add(new VideoEntry(id, new VideoSource.FrameFolder(jpegs), label));
                } else if (VIDEO_EXTENSIONS.contains(extension(item))) {
                    entries.add(new VideoEntry(id, new VideoSource.VideoFile(item), label));
                }
            }
        }
        return new VideoIndex(entries, List.of());
    }

    /**
     * @param root the dataset folder
     * @param split which split folder, if present
     * @return the class names, index = label
     * @throws BadInputException if the folder is missing or unreadable
     */
    public static List<String> classes(Path root, Split split) throws BadInputException {
        Path base = Files.isDirectory(root.resolve(split.fileStem())) ? root.resolve(split.fileStem()) : root;
        return children(base).stream().filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
    }

    private static boolean isJpeg(Path p) {
        String e = extension(p);
        return e.equals("jpg") || e.equals("jpeg");
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static List<Path> children(Path dir) throws BadInputException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(dir, BadInputReason.UNREADABLE, "cannot list the folder: " + e);
        }
    }
}
