package io.github.vov3d.data.dataset;

import io.github.vov3d.data.media.BadInputException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The dataset layouts we read, each with the reference's defaults for sampling: Kinetics uses
 * windowed sampling and flips; Something-Something uses segment sampling, no flip, inverse-uniform
 * scale jitter and single-crop index 0.
 */
public enum DatasetLayout {
    /** Kinetics-400 in the PySlowFast layout ({@link KineticsIndex}). */
    KINETICS,
    /** Something-Something V1 frame folders ({@link SomethingV1Index}). */
    SSV1,
    /** Something-Something V2 webm or frame folders ({@link SomethingV2Index}). */
    SSV2,
    /** Generic folder-per-class ({@link FolderIndex}). */
    FOLDER;

    /**
     * Reads the index with the data directory as path prefix.
     *
     * @param root the data directory
     * @param split which part
     * @return the videos and rejected entries
     * @throws BadInputException if a list file is missing or unreadable
     */
    public VideoIndex read(Path root, Split split) throws BadInputException {
        return switch (this) {
            case KINETICS -> KineticsIndex.read(root, split, root, 0);
            case SSV1 -> SomethingV1Index.read(root, split, root);
            case SSV2 -> SomethingV2Index.read(root, split, root);
            case FOLDER -> FolderIndex.read(root, split);
        };
    }

    /** @return whether the reference samples by segments (Something-Something) */
    public boolean segmentSampling() {
        return this == SSV1 || this == SSV2;
    }

    /**
     * @param text {@code kinetics}, {@code ssv1}, {@code ssv2} or {@code folder}
     * @return the layout
     */
    public static DatasetLayout parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown dataset '" + text + "'; use kinetics, ssv1, ssv2 or folder");
        }
    }
}
