package io.github.vov3d.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where this module's tests find {@code ../shared/golden}: the system property
 * {@code vov3d.golden.dir} (surefire sets it), else the environment variable
 * {@code VOV3D_GOLDEN_DIR}, else {@code ../shared/golden}. A missing file fails the test: parity
 * is the definition of correct, so it must never be skipped silently.
 */
public final class GoldenDirectory {
    private GoldenDirectory() {}

    /** @return the folder holding one sub-folder per golden case */
    public static Path root() {
        String configured = System.getProperty("vov3d.golden.dir", System.getenv("VOV3D_GOLDEN_DIR"));
        Path root = configured != null ? Path.of(configured) : Path.of("..", "shared", "golden");
        assertTrue(Files.isDirectory(root), "golden reference cases not found at " + root.toAbsolutePath()
                + ": put shared/golden beside the checkout or pass -Dvov3d.golden.dir=DIR"
                + " (these tests must not be skipped)");
        return root;
    }

    /** @param caseName a case folder, e.g. {@code vov3d_m_k400} @return it, checked to exist */
    public static Path caseDir(String caseName) {
        Path dir = root().resolve(caseName);
        assertTrue(Files.isDirectory(dir), "golden case " + caseName + " not found at " + dir.toAbsolutePath()
                + " (pass -Dvov3d.golden.dir=DIR; these tests must not be skipped)");
        return dir;
    }

    /** @param caseName a case folder @param file a file in it @return the file, checked to exist */
    public static Path file(String caseName, String file) {
        Path p = caseDir(caseName).resolve(file);
        assertTrue(Files.isRegularFile(p), "golden file missing: " + p.toAbsolutePath()
                + " (pass -Dvov3d.golden.dir=DIR; these tests must not be skipped)");
        return p;
    }
}
