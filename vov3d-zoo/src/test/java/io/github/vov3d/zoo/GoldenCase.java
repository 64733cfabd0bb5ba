package io.github.vov3d.zoo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vov3d.api.npy.Npy;
import io.github.vov3d.api.npy.NpyArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * One reference case from {@code ../shared/golden}: a checkpoint written by the upstream code
 * with its inputs and outputs. Missing files fail the test loudly: parity is the definition of
 * correct, so it must never be skipped silently.
 */
record GoldenCase(Path dir, JsonObject manifest) {

    static Path root() {
        return GoldenDirectory.root();
    }

    static List<GoldenCase> all() {
        List<GoldenCase> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root())) {
            for (Path d : dirs.sorted().toList()) {
                Path manifest = d.resolve("manifest.json");
                if (Files.isRegularFile(manifest)) {
                    cases.add(new GoldenCase(d, JsonParser.parseString(Files.readString(manifest))
                            .getAsJsonObject()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertFalse(cases.isEmpty(), "no golden case (folder with manifest.json) under " + root());
        return cases;
    }

    static GoldenCase named(String name) {
        return all().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("golden case " + name + " missing under " + root()));
    }

    String name() {
        return dir.getFileName().toString();
    }

    @Override
    public String toString() {
        return name();
    }

    Path file(String name) {
        Path p = dir.resolve(name);
        assertTrue(Files.isRegularFile(p), "golden file missing: " + p);
        return p;
    }

    NpyArray npy(String name) {
        try {
            return Npy.read(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path checkpoint() {
        return file("checkpoint.pth");
    }

    private JsonObject cfg() {
        return manifest.getAsJsonObject("key_cfg_values");
    }

    private static Optional<JsonElement> override(JsonObject overrides, String key) {
        return Optional.ofNullable(overrides.get(key));
    }

    int frames() {
        return override(manifest.getAsJsonObject("cfg_overrides"), "DATA.NUM_FRAMES")
                .orElse(cfg().get("DATA.NUM_FRAMES")).getAsInt();
    }

    int trainCrop() {
        return manifest.getAsJsonObject("cfg_overrides").get("DATA.TRAIN_CROP_SIZE").getAsInt();
    }

    OptionalInt fullyConvolutionalTrainCrop() {
        JsonObject v = manifest.getAsJsonObject("fullyconv_variant");
        return v == null ? OptionalInt.empty()
                : OptionalInt.of(v.getAsJsonObject("cfg_overrides").get("DATA.TRAIN_CROP_SIZE").getAsInt());
    }

    int numClasses() {
        return cfg().get("MODEL.NUM_CLASSES").getAsInt();
    }

    long parameterCount() {
        return manifest.get("param_count").getAsLong();
    }

    boolean isVov3d() {
        return manifest.get("model_name").getAsString().equalsIgnoreCase("VoV3D");
    }

    /** @return every state-dict key with its shape, in file order */
    Map<String, long[]> stateDict() {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (JsonElement e : manifest.getAsJsonArray("state_dict")) {
            JsonObject o = e.getAsJsonObject();
            long[] shape = new long[o.getAsJsonArray("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = o.getAsJsonArray("shape").get(i).getAsLong();
            }
            out.put(o.get("key").getAsString(), shape);
        }
        return out;
    }

    Optional<JsonObject> trainMode() {
        return Optional.ofNullable(manifest.get("train_mode"))
                .filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject);
    }

    JsonObject trainModeDetails() {
        try {
            return JsonParser.parseString(Files.readString(file("train_mode.json"))).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
