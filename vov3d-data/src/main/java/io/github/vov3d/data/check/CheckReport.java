package io.github.vov3d.data.check;

import io.github.vov3d.data.media.BadInputException;
import io.github.vov3d.data.media.BadInputReason;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Result of a pre-flight check: how many videos were examined and every problem found, list
 * entries included.
 *
 * @param videos videos examined
 * @param problems every bad input, with file and reason
 */
public record CheckReport(int videos, List<BadInputException> problems) {
    /** Copies the list. */
    public CheckReport {
        problems = List.copyOf(problems);
    }

    /** @return problems per reason */
    public Map<BadInputReason, Integer> byReason() {
        Map<BadInputReason, Integer> m = new EnumMap<>(BadInputReason.class);
        problems.forEach(p -> m.merge(p.reason(), 1, Integer::sum));
        return m;
    }

    /** @return whether nothing is wrong */
    public boolean clean() {
        return problems.isEmpty();
    }
}
