package io.github.vov3d.data.dataset;

import io.github.vov3d.data.media.BadInputException;
import io.github.vov3d.data.media.BadInputReason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Something-Something frame lists ({@code train.csv}, {@code val.csv}): a header line
 * starting with {@code original_vido_id} (sic), then
 * {@code original_video_id video_id frame_id path labels} per frame, frames grouped by the first
 * field in file order. The labels field is ignored, as upstream does.
 */
final class FrameListReader {
    private FrameListReader() {}

    static Map<String, List<Path>> read(Path list, Path prefix, List<BadInputException> rejected)
            throws BadInputException {
        Map<String, List<Path>> videos = new LinkedHashMap<>();
        List<String> lines = ListFiles.lines(list, "frame list");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && line.startsWith("original_vido_id"))) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 5) {
                rejected.add(ListFiles.badLine(list, i + 1, BadInputReason.BAD_LIST_LINE,
                        "expected 5 fields 'original_video_id video_id frame_id path labels', got " + f.length));
                continue;
            }
            videos.computeIfAbsent(f[0], k -> new ArrayList<>()).add(prefix.resolve(f[3]));
        }
        return videos;
    }
}
