package io.github.vov3d.data.dataset;

import io.github.vov3d.data.media.BadInputException;
import io.github.vov3d.data.media.BadInputReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe tally of skipped inputs per reason, owned by one dataset, so a training run can
 * report how much data it silently lost. Keeps the first few messages for the report.
 */
public final class BadInputCounter {
    private static final int KEPT = 100;

    private final Map<BadInputReason, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<String> examples = Collections.synchronizedList(new ArrayList<>());

    /** @param e a skipped input */
    public void record(BadInputException e) {
        counts.computeIfAbsent(e.reason(), r -> new LongAdder()).increment();
        synchronized (examples) {
            if (examples.size() < KEPT) {
                examples.add(e.getMessage());
            }
        }
    }

    /** @return skipped inputs so far */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** @param reason a reason @return how many inputs were skipped for it */
    public long count(BadInputReason reason) {
        LongAdder a = counts.get(reason);
        return a == null ? 0 : a.sum();
    }

    /** @return counts per reason, only reasons seen */
    public Map<BadInputReason, Long> snapshot() {
        Map<BadInputReason, Long> m = new EnumMap<>(BadInputReason.class);
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** @return the first messages recorded */
    public List<String> examples() {
        synchronized (examples) {
            return List.copyOf(examples);
        }
    }
}
