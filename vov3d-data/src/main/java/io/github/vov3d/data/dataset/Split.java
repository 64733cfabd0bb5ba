package io.github.vov3d.data.dataset;

import java.util.Locale;

/** Which part of a dataset to read; names match PySlowFast's {@code mode}. */
public enum Split {
    /** Training videos. */
    TRAIN,
    /** Validation videos. */
    VAL,
    /** Test videos (Something-Something reads its validation files here, as upstream does). */
    TEST;

    /** @return the lower-case name used in file names ({@code train}, {@code val}, {@code test}) */
    public String fileStem() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text {@code train}, {@code val} or {@code test}
     * @return the split
     */
    public static Split parse(String text) {
        for (Split s : values()) {
            if (s.fileStem().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split '" + text + "'; use train, val or test");
    }
}
