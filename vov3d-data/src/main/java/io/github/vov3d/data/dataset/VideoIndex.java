package io.github.vov3d.data.dataset;

import io.github.vov3d.data.media.BadInputException;
import java.util.List;
import java.util.Set;

/**
 * The videos a list file names, and the list lines that were rejected while reading it
 * (malformed line, unknown label, video absent from the frame list).
 *
 * @param entries the usable videos, in list order
 * @param rejected what was dropped, with the reason
 */
public record VideoIndex(List<VideoEntry> entries, List<BadInputException> rejected) {
    /** Copies the lists. */
    public VideoIndex {
        entries = List.copyOf(entries);
        rejected = List.copyOf(rejected);
    }

    /**
     * @param ids video ids to leave out (e.g. those {@code vov3d data check} reported)
     * @return this index without them
     */
    public VideoIndex without(Set<String> ids) {
        return new VideoIndex(entries.stream().filter(e -> !ids.contains(e.id())).toList(), rejected);
    }
}
