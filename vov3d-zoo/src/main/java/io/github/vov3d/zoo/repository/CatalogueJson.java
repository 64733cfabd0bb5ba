package io.github.vov3d.zoo.repository;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.vov3d.api.ModelArchitecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a catalogue from JSON: {@code {"models": [ {...}, ... ]}}. Per model: {@code name},
 * {@code architecture}, {@code dataset}, {@code frames}, {@code top1}, {@code top5},
 * {@code params} (millions), {@code gflops} (per view), {@code url} are required;
 * {@code samplingRate}, {@code trainCrop}, {@code testCrop}, {@code clips}, {@code crops},
 * {@code channels} ({@code RGB}/{@code BGR}), {@code mean}, {@code std}, {@code pretrained},
 * {@code alsoAccept} (architecture ids), {@code fileName}, {@code licence}, {@code sha256} and
 * {@code note} default to the reference recipe. Unknown keys are errors, so a typo in a
 * catalogue cannot silently change a default.
 */
final class CatalogueJson {
    private static final Set<String> KEYS = Set.of("name", "architecture", "dataset", "frames", "top1",
            "top5", "params", "gflops", "url", "samplingRate", "trainCrop", "testCrop", "clips", "crops",
            "channels", "mean", "std", "pretrained", "alsoAccept", "fileName", "licence", "sha256", "note");

    private CatalogueJson() {}

    static List<ZooEntry> parse(String json, String origin) {
        JsonArray models;
        try {
            models = JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("models");
        } catch (JsonParseException | IllegalStateException | ClassCastException e) {
            throw new IllegalArgumentException(origin + " is not a catalogue ({\"models\": [...]}): "
                    + e.getMessage(), e);
        }
        if (models == null) {
            throw new IllegalArgumentException(origin + " has no \"models\" array");
        }
        List<ZooEntry> out = new ArrayList<>();
        for (JsonElement e : models) {
            JsonObject m = e.getAsJsonObject();
            String name = m.has("name") ? m.get("name").getAsString() : "#" + out.size();
            try {
                out.add(entry(m));
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException(origin + ", model " + name + ": " + ex.getMessage(), ex);
            }
        }
        return out;
    }

    private static ZooEntry entry(JsonObject m) {
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown key '" + k + "'; known keys: " + KEYS);
            }
        }
        ZooDataset dataset = ZooDataset.fromId(req(m, "dataset").getAsString());
        ZooEntry.Builder b = ZooEntry.builder(req(m, "name").getAsString(),
                ModelArchitecture.fromId(req(m, "architecture").getAsString()), dataset);
        int frames = req(m, "frames").getAsInt();
        b.frames(frames, m.has("samplingRate") ? m.get("samplingRate").getAsInt()
                : dataset == ZooDataset.KINETICS_400 ? 5 : 0);
        b.crops(m.has("trainCrop") ? m.get("trainCrop").getAsInt() : 224,
                m.has("testCrop") ? m.get("testCrop").getAsInt() : 256);
        if (m.has("clips") || m.has("crops")) {
            b.views(new TestViews(req(m, "clips").getAsInt(), req(m, "crops").getAsInt()));
        }
        if (m.has("channels")) {
            b.channelOrder(ChannelOrder.valueOf(m.get("channels").getAsString().trim().toUpperCase(java.util.Locale.ROOT)));
        }
        if (m.has("mean") || m.has("std")) {
            b.normalisation(req(m, "mean").getAsFloat(), req(m, "std").getAsFloat());
        }
        if (m.has("pretrained")) {
            b.pretrainedOn(ZooDataset.fromId(m.get("pretrained").getAsString()));
        }
        if (m.has("alsoAccept")) {
            for (JsonElement a : m.getAsJsonArray("alsoAccept")) {
                b.alsoAccept(ModelArchitecture.fromId(a.getAsString()));
            }
        }
        b.paper(new PaperNumbers(req(m, "top1").getAsDouble(), req(m, "top5").getAsDouble(),
                req(m, "params").getAsDouble(), req(m, "gflops").getAsDouble()));
        if (m.has("fileName")) {
            b.fileName(m.get("fileName").getAsString());
        }
        b.source(req(m, "url").getAsString());
        if (m.has("licence")) {
            b.licence(m.get("licence").getAsString());
        }
        if (m.has("sha256") && !m.get("sha256").isJsonNull()) {
            b.sha256(m.get("sha256").getAsString());
        }
        if (m.has("note")) {
            b.note(m.get("note").getAsString());
        }
        return b.build();
    }

    private static JsonElement req(JsonObject m, String key) {
        JsonElement e = m.get(key);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("missing required key '" + key + "'");
        }
        return e;
    }
}
