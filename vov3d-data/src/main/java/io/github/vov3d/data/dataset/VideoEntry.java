package io.github.vov3d.data.dataset;

/**
 * One labelled video of a dataset.
 *
 * @param id the video's identity, used to group test views (list path or dataset id)
 * @param source its frames
 * @param label class index
 */
public record VideoEntry(String id, VideoSource source, int label) {
    /** Validates the entry. */
    public VideoEntry {
        if (id == null || source == null || label < 0) {
            throw new IllegalArgumentException("entry needs an id, a source and a label >= 0");
        }
    }
}
