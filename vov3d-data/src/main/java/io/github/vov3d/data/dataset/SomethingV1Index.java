package io.github.vov3d.data.dataset;

import io.github.vov3d.data.media.BadInputException;
import io.github.vov3d.data.media.BadInputReason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Something-Something V1 as the reference's {@code ssv1.py}: class names from
 * {@code something-something-v1-labels.csv} (index = line number), videos and class names from
 * {@code something-something-v1-train.csv} / {@code -validation.csv} ({@code id;class name}),
 * frames from {@code train.csv} / {@code val.csv}. Val and test both read the validation files.
 */
public final class SomethingV1Index {
    private SomethingV1Index() {}

    /**
     * @param root the data directory
     * @param split which part
     * @param prefix what frame paths are joined to
     * @return the videos and rejected entries
     * @throws BadInputException if a list file is missing or unreadable
     */
    public static VideoIndex read(Path root, Split split, Path prefix) throws BadInputException {
        Map<String, Integer> classes = new HashMap<>();
        List<String> names = ListFiles.lines(root.resolve("something-something-v1-labels.csv"), "class names");
        for (int i = 0; i < names.size(); i++) {
            classes.putIfAbsent(names.get(i).strip(), i);
        }
        boolean train = split == Split.TRAIN;
        Path annotations = root.resolve("something-something-v1-" + (train ? "train" : "validation") + ".csv");
        List<BadInputException> rejected = new ArrayList<>();
        Map<String, List<Path>> frames = FrameListReader.read(root.resolve(train ? "train.csv" : "val.csv"),
                prefix, rejected);
        List<VideoEntry> entries = new ArrayList<>();
        List<String> lines = ListFiles.lines(annotations, "annotations");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int cut = line.indexOf(';');
            if (cut <= 0) {
                rejected.add(ListFiles.badLine(annotations, i + 1, BadInputReason.BAD_LIST_LINE,
                        "expected '<video id>;<class name>', got '" + line + "'"));
                continue;
            }
            String id = line.substring(0, cut);
            Integer label = classes.get(line.substring(cut + 1).strip());
            if (label == null) {
                rejected.add(ListFiles.badLine(annotations, i + 1, BadInputReason.UNKNOWN_LABEL,
                        "class '" + line.substring(cut + 1) + "' is not in something-something-v1-labels.csv"));
                continue;
            }
            List<Path> files = frames.get(id);
            if (files == null) {
                rejected.add(ListFiles.badLine(annotations, i + 1, BadInputReason.MISSING_FILE,
                        "video " + id + " is not in the frame list"));
                continue;
            }
            entries.add(new VideoEntry(id, new VideoSource.FrameFolder(files), label));
        }
        return new VideoIndex(entries, rejected);
    }
}
