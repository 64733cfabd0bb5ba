package io.github.vov3d.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricRecordTest {

    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void keepsInsertionOrderAndIsUnmodifiable() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("z", 1.0);
        values.put("a", 2.0);
        values.put("m", Double.NaN);
        MetricRecord r = new MetricRecord("train", 0, 0, values, T);
        values.put("later", 3.0);
        assertEquals(List.of("z", "a", "m"), List.copyOf(r.values().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> r.values().put("x", 1.0));
        assertEquals(2.0, r.value("a").orElseThrow());
        assertTrue(r.value("absent").isEmpty());
    }

    @Test
    void rejectsInvalidComponentsWithReasons() {
        Map<String, Double> ok = Map.of("loss", 1.0);
        assertThrows(NullPointerException.class, () -> new MetricRecord(null, 0, 0, ok, T));
        IllegalArgumentException phase = assertThrows(IllegalArgumentException.class,
                () -> new MetricRecord("Train", 0, 0, ok, T));
        assertTrue(phase.getMessage().contains("\"Train\""), phase.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MetricRecord("", 0, 0, ok, T));
        assertThrows(IllegalArgumentException.class, () -> new MetricRecord("val", -1, 0, ok, T));
        assertThrows(IllegalArgumentException.class, () -> new MetricRecord("val", 0, -5, ok, T));
        assertThrows(NullPointerException.class, () -> new MetricRecord("val", 0, 0, null, T));
        assertThrows(NullPointerException.class, () -> new MetricRecord("val", 0, 0, ok, null));
        Map<String, Double> nullValue = new HashMap<>();
        nullValue.put("loss", null);
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
                () -> new MetricRecord("val", 0, 0, nullValue, T));
        assertTrue(v.getMessage().contains("loss") && v.getMessage().contains("NaN"));
        assertThrows(IllegalArgumentException.class,
                () -> new MetricRecord("val", 0, 0, Map.of(" ", 1.0), T));
        assertThrows(IllegalArgumentException.class,
                () -> new MetricRecord("val", 0, 0, Map.of("a\uD800", 1.0), T));
        new MetricRecord("val", 0, 0, Map.of("a😀", 1.0), T);
    }
}
