package io.github.vov3d.data.dataset;

import io.github.vov3d.data.media.BadInputException;
import io.github.vov3d.data.media.BadInputReason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads PySlowFast's Kinetics lists: {@code train.csv}, {@code val.csv}, {@code test.csv} under
 * the data directory, one {@code <path> <integer label>} per line (one space, no header).
 * Relative paths are resolved against the path prefix (the data directory by default).
 */
public final class KineticsIndex {
    private KineticsIndex() {}

    /**
     * @param root the data directory (DATA.PATH_TO_DATA_DIR)
     * @param split which list
     * @param prefix what relative paths are joined to (DATA.PATH_PREFIX)
     * @param numClasses labels must be below this (0: no check)
     * @return the videos and rejected lines
     * @throws BadInputException if the list file is missing or unreadable
     */
    public static VideoIndex read(Path root, Split split, Path prefix, int numClasses) throws BadInputException {
        Path list = root.resolve(split.fileStem() + ".csv");
        List<VideoEntry> entries = new ArrayList<>();
        List<BadInputException> rejected = new ArrayList<>();
        List<String> lines = ListFiles.lines(list, "Kinetics " + split.fileStem() + " list");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int cut = line.lastIndexOf(' ');
            if (cut <= 0) {
                rejected.add(ListFiles.badLine(list, i + 1, BadInputReason.BAD_LIST_LINE,
                        "expected '<path> <label>', got '" + line + "'"));
                continue;
            }
            String path = line.substring(0, cut).strip();
            String label = line.substring(cut + 1);
            int value;
            try {
                value = Integer.parseInt(label);
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (value < 0 || (numClasses > 0 && value >= numClasses)) {
                rejected.add(ListFiles.badLine(list, i + 1, BadInputReason.UNKNOWN_LABEL, "label '" + label
                        + "' is not an integer in [0, " + (numClasses > 0 ? numClasses : "∞") + ")"));
                continue;
            }
            entries.add(new VideoEntry(path, new VideoSource.VideoFile(prefix.resolve(path)), value));
        }
        return new VideoIndex(entries, rejected);
    }
}
