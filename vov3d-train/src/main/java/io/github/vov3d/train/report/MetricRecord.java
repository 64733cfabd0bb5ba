package io.github.vov3d.train.report;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * One measurement taken during training: which phase produced it, when (epoch, global iteration
 * and wall time) and the named values measured.
 *
 * <p>It is the unit of the {@link MetricsLog} and the input of {@link TrainingPlots}, so a record
 * read back from disk equals the one written. Values may be NaN or infinite (a diverging loss is
 * worth logging); the map keeps the caller's insertion order and cannot be modified.
 *
 * @param phase where it was measured: {@code "train"}, {@code "val"} or {@code "test"} by
 *     convention (see {@link MetricNames}); any lower-case identifier is accepted
 * @param epoch the 0-based epoch
 * @param iteration the global (not per-epoch) iteration, counting from 0
 * @param values the measured values by name, e.g. {@code loss}, {@code lr}, {@code top1}
 * @param time the wall-clock time of the measurement
 */
public record MetricRecord(
        String phase, int epoch, long iteration, Map<String, Double> values, Instant time) {

    private static final Pattern PHASE = Pattern.compile("[a-z][a-z0-9_]*");

    /** Validates every component and takes an unmodifiable, order-preserving copy of the values. */
    public MetricRecord {
        Objects.requireNonNull(phase, "MetricRecord.phase must not be null");
        if (!PHASE.matcher(phase).matches()) {
            throw new IllegalArgumentException("MetricRecord.phase must be a lower-case identifier"
                    + " such as \"train\", \"val\" or \"test\", got \"" + phase + "\"");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException(
                    "MetricRecord.epoch is 0-based and must be >= 0, got " + epoch);
        }
        if (iteration < 0) {
            throw new IllegalArgumentException(
                    "MetricRecord.iteration is a global count and must be >= 0, got " + iteration);
        }
        Objects.requireNonNull(values, "MetricRecord.values must not be null (use an empty map)");
        Objects.requireNonNull(time, "MetricRecord.time must not be null");
        Map<String, Double> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("MetricRecord.values has a null or blank name"
                        + " (phase " + phase + ", iteration " + iteration + ")");
            }
            if (!wellFormed(name)) {
                throw new IllegalArgumentException("MetricRecord.values has a name with an unpaired"
                        + " UTF-16 surrogate, which UTF-8 cannot store: \"" + name + "\"");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("MetricRecord.values[\"" + name + "\"] is null"
                        + " (phase " + phase + ", iteration " + iteration
                        + "); log Double.NaN for a value that could not be measured");
            }
            copy.put(name, e.getValue());
        }
        values = Collections.unmodifiableMap(copy);
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value with this name, if measured.
     *
     * @param name the value's name, e.g. {@link MetricNames#LOSS}
     * @return the value, or empty when this record has none by that name
     */
    public OptionalDouble value(String name) {
        Double v = values.get(Objects.requireNonNull(name, "name"));
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
