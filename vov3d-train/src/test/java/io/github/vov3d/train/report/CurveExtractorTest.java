package io.github.vov3d.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CurveExtractorTest {

    private static MetricRecord train(int epoch, long it, double loss) {
        return new MetricRecord("train", epoch, it, Map.of("loss", loss), Instant.EPOCH);
    }

    @Test
    void resumedRunReplacesTheIterationsItRedid() {
        List<MetricRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(train(0, i, 100)); // crashed attempt, reached iteration 9
        }
        for (int i = 5; i < 13; i++) {
            records.add(train(0, i, i)); // resumed from a checkpoint at iteration 5
        }
        List<MetricRecord> latest = CurveExtractor.latestByPhase(records).get("train");
        assertEquals(13, latest.size());
        Curve c = new CurveExtractor(10).curve("train loss", latest, "loss");
        assertEquals(0.0, c.xs().get(0));
        assertEquals(1.2, c.xs().get(12), 1e-12);
        assertEquals(List.of(100.0, 100.0, 100.0, 100.0, 100.0), c.ys().subList(0, 5));
        assertEquals(5.0, c.ys().get(5));
    }

    @Test
    void withoutIterationsPerEpochValuesAreAveragedPerEpochSkippingNaN() {
        List<MetricRecord> records = List.of(train(0, 0, 2), train(0, 1, 4), train(0, 2, Double.NaN),
                train(1, 3, 1), train(1, 4, 1));
        Curve c = new CurveExtractor(0).curve("train loss", records, "loss");
        assertEquals(List.of(0.0, 1.0), c.xs());
        assertEquals(List.of(3.0, 1.0), c.ys());
        assertTrue(new CurveExtractor(0).curve("x", records, "top1").isEmpty());
    }

    @Test
    void headlessIsSetOnlyWhenNobodyChose() {
        Properties unset = new Properties();
        assertTrue(Headless.ensure(unset));
        assertEquals("true", unset.getProperty(Headless.PROPERTY));
        Properties chosen = new Properties();
        chosen.setProperty(Headless.PROPERTY, "false");
        assertFalse(Headless.ensure(chosen));
        assertEquals("false", chosen.getProperty(Headless.PROPERTY));
    }
}
