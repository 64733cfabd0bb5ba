package io.github.vov3d.zoo.fetch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The golden checkpoint the fetch tests serve, found like every golden case (system property
 * {@code vov3d.golden.dir}, set by surefire); missing files fail loudly.
 */
final class GoldenWeights {
    private GoldenWeights() {}

    static Path dir(String caseName) {
        String configured = System.getProperty("vov3d.golden.dir", System.getenv("VOV3D_GOLDEN_DIR"));
        Path root = configured != null ? Path.of(configured) : Path.of("..", "shared", "golden");
        Path dir = root.resolve(caseName);
        assertTrue(Files.isRegularFile(dir.resolve("checkpoint.pth")), "golden checkpoint missing: "
                + dir.toAbsolutePath() + "/checkpoint.pth (pass -Dvov3d.golden.dir=DIR; must not be skipped)");
        return dir;
    }

    static Path checkpoint() {
        return dir("vov3d_m_k400").resolve("checkpoint.pth");
    }

    /** @return the SHA-256 the golden manifest states for its checkpoint ({@code checkpoint.sha256}) */
    static String manifestSha256() {
        try {
            String text = Files.readString(dir("vov3d_m_k400").resolve("manifest.json"));
            return JsonParser.parseString(text).getAsJsonObject().getAsJsonObject("checkpoint")
                    .get("sha256").getAsString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
