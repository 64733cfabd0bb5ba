package io.github.vov3d.zoo.checkpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import io.github.vov3d.zoo.GoldenDirectory;
import java.nio.file.Path;

/**
 * Locates the shared golden cases. They are required: a missing directory fails the test with
 * instructions instead of skipping it, so a misconfigured build cannot pass silently.
 */
final class GoldenFiles {
    static final String VOV3D = "vov3d_m_k400";
    static final String X3D = "x3d_m_k400";

    private GoldenFiles() {}

    static Path caseDir(String name) {
        return GoldenDirectory.caseDir(name);
    }

    static Path checkpoint(String name) {
        Path file = caseDir(name).resolve("checkpoint.pth");
        assertTrue(Files.isRegularFile(file), "golden checkpoint missing: " + file.toAbsolutePath());
        return file;
    }

    static JsonObject manifest(String name) throws IOException {
        String text = Files.readString(caseDir(name).resolve("manifest.json"),
                StandardCharsets.UTF_8);
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
