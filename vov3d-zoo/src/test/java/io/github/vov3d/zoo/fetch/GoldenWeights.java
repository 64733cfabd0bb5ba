package io.github.vov3d.zoo.fetch;


import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import io.github.vov3d.zoo.GoldenDirectory;
import java.nio.file.Path;

/**
 * The golden checkpoint the fetch tests serve, found like every golden case (system property
 * {@code vov3d.golden.dir}, set by surefire); missing files fail loudly.
 */
final class GoldenWeights {
    private GoldenWeights() {}

    static Path dir(String caseName) {
        return GoldenDirectory.file(caseName, "checkpoint.pth").getParent();
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
