package io.github.vov3d.zoo.checkpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        String configured = System.getProperty("vov3d.golden.dir");
        assertTrue(configured != null, "system property vov3d.golden.dir is not set: run the tests "
                + "through Maven (surefire sets it to ../shared/golden) or pass "
                + "-Dvov3d.golden.dir=DIR; these tests must not be skipped");
        Path dir = Path.of(configured).resolve(name);
        assertTrue(Files.isDirectory(dir), "golden case " + name + " not found at "
                + dir.toAbsolutePath() + ": put shared/golden beside the checkout or pass "
                + "-Dvov3d.golden.dir=DIR; these tests must not be skipped");
        return dir;
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
