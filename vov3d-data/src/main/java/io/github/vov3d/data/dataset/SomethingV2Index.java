package io.github.vov3d.data.dataset;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.vov3d.data.media.BadInputException;
import io.github.vov3d.data.media.BadInputReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Something-Something V2 as the reference's {@code ssv2.py}: class indices from
 * {@code something-something-v2-labels.json} (name → index string), videos from
 * {@code something-something-v2-train.json} / {@code -validation.json} (objects with {@code id}
 * and {@code template}; square brackets are removed from the template before the lookup).
 * Frames come from the frame lists {@code train.csv} / {@code val.csv} when present (extracted
 * JPEGs, as upstream); otherwise from the original {@code <prefix>/<id>.webm} files.
 */
public final class SomethingV2Index {
    private SomethingV2Index() {}

    /**
     * @param root the data directory
     * @param split which part (val and test read the validation files)
     * @param prefix what frame paths (or webm files) are resolved against
     * @return the videos and rejected entries
     * @throws BadInputException if a label or split file is missing, unreadable or not JSON
     */
    public static VideoIndex read(Path root, Split split, Path prefix) throws BadInputException {
        Path labelsFile = root.resolve("something-something-v2-labels.json");
        Map<String, Integer> classes = new HashMap<>();
        JsonElement labels = parse(labelsFile, "class labels");
        try {
            for (Map.Entry<String, JsonElement> e : labels.getAsJsonObject().entrySet()) {
                classes.put(e.getKey(), Integer.parseInt(e.getValue().getAsString().strip()));
            }
        } catch (RuntimeException e) {
            throw new BadInputException(labelsFile, BadInputReason.UNREADABLE,
                    "expected an object of class name -> index string: " + e.getMessage());
        }
        boolean train = split == Split.TRAIN;
        Path annotations = root.resolve("something-something-v2-" + (train ? "train" : "validation") + ".json");
        JsonElement parsed = parse(annotations, "annotations");
        if (!parsed.isJsonArray()) {
            throw new BadInputException(annotations, BadInputReason.UNREADABLE, "expected a JSON list of videos");
        }
        JsonArray videos = parsed.getAsJsonArray();
        List<BadInputException> rejected = new ArrayList<>();
        Path frameList = root.resolve(train ? "train.csv" : "val.csv");
        Map<String, List<Path>> frames = Files.exists(frameList)
                ? FrameListReader.read(frameList, prefix, rejected) : null;
        List<VideoEntry> entries = new ArrayList<>();
        for (int i = 0; i < videos.size(); i++) {
            JsonObject v = videos.get(i).isJsonObject() ? videos.get(i).getAsJsonObject() : new JsonObject();
            if (!v.has("id") || !v.has("template")) {
                rejected.add(new BadInputException(annotations, BadInputReason.BAD_LIST_LINE,
                        "entry " + i + " lacks 'id' or 'template'"));
                continue;
            }
            String id = v.get("id").getAsString();
            String template = v.get("template").getAsString().replace("[", "").replace("]", "");
            Integer label = classes.get(template);
            if (label == null) {
                rejected.add(new BadInputException(annotations, BadInputReason.UNKNOWN_LABEL,
                        "video " + id + ": template '" + template + "' is not in something-something-v2-labels.json"));
                continue;
            }
            if (frames == null) {
                entries.add(new VideoEntry(id, new VideoSource.VideoFile(prefix.resolve(id + ".webm")), label));
            } else if (frames.containsKey(id)) {
                entries.add(new VideoEntry(id, new VideoSource.FrameFolder(frames.get(id)), label));
            } else {
                rejected.add(new BadInputException(frameList, BadInputReason.MISSING_FILE,
                        "video " + id + " is not in the frame list"));
            }
        }
        return new VideoIndex(entries, rejected);
    }

    private static JsonElement parse(Path file, String purpose) throws BadInputException {
        String text = ListFiles.text(file, purpose);
        try {
            return JsonParser.parseString(text);
        } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
            throw new BadInputException(file, BadInputReason.UNREADABLE, "not valid JSON: " + e.getMessage());
        }
    }
}
