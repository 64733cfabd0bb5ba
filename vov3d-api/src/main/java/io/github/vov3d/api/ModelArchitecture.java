package io.github.vov3d.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The architectures this library builds and whose reference checkpoints it loads, with the
 * clip size each was designed for. Identifiers are the short names used on the command line and
 * in the model zoo. The two VoV3D-M variants share their published weight file names, which is
 * why they are separate entries: a loader tells them apart from tensor shapes.
 */
public enum ModelArchitecture {
    /** VoV3D-M as in the reference code since April 2021 (depths 1-2-3-2, 5 D(2+1)D, inner 40). */
    VOV3D_M("vov3d_m", 16, 224, 256),
    /** VoV3D-M as in arXiv v1 (depths 1-1-2-2, 4 D(2+1)D, inner 48). */
    VOV3D_M_V1("vov3d_m_v1", 16, 224, 256),
    /** VoV3D-L (depths 1-2-5-3, 5 D(2+1)D, inner 48). */
    VOV3D_L("vov3d_l", 16, 224, 256),
    /** X3D-XS (X3D-M's layers on 4 frames at 160 pixels). */
    X3D_XS("x3d_xs", 4, 160, 182),
    /** X3D-S (X3D-M's layers on 13 frames at 160 pixels). */
    X3D_S("x3d_s", 13, 160, 182),
    /** X3D-M (depth factor 2.2). */
    X3D_M("x3d_m", 16, 224, 256),
    /** X3D-L (depth factor 5.0). */
    X3D_L("x3d_l", 16, 312, 356);

    private final String id;
    private final int defaultFrames;
    private final int defaultTrainCrop;
    private final int defaultTestCrop;

    ModelArchitecture(String id, int frames, int trainCrop, int testCrop) {
        this.id = id;
        this.defaultFrames = frames;
        this.defaultTrainCrop = trainCrop;
        this.defaultTestCrop = testCrop;
    }

    /** @return the short name, e.g. {@code vov3d_m} */
    public String id() {
        return id;
    }

    /** @return frames per clip the architecture was designed for */
    public int defaultFrames() {
        return defaultFrames;
    }

    /** @return the training crop (fixes the head's pool kernel) */
    public int defaultTrainCrop() {
        return defaultTrainCrop;
    }

    /** @return the usual test crop */
    public int defaultTestCrop() {
        return defaultTestCrop;
    }

    /** @return whether this is a VoV3D (T-OSA) architecture */
    public boolean isVov3d() {
        return id.startsWith("vov3d");
    }

    /**
     * Looks an architecture up by its short name (case-insensitive, '-' and '_' alike).
     *
     * @param name e.g. {@code vov3d_m} or {@code X3D-L}
     * @return the architecture
     * @throws IllegalArgumentException naming every valid identifier
     */
    public static ModelArchitecture fromId(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values())
                .filter(a -> a.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown model '" + name + "'; known models: "
                                + Arrays.stream(values()).map(ModelArchitecture::id)
                                        .collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return id;
    }
}
