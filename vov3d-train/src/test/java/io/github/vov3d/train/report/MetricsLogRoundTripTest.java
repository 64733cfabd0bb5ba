package io.github.vov3d.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class MetricsLogRoundTripTest {

    @Property(tries = 300)
    void encodeThenDecodeGivesTheSameRecord(@ForAll("records") MetricRecord r) {
        assertEquals(r, MetricJson.decode(MetricJson.encode(r)));
    }

    @Property(tries = 60)
    void fileRoundTripKeepsEveryRecordInOrder(
            @ForAll @Size(max = 12) List<@net.jqwik.api.From("records") MetricRecord> records)
            throws IOException {
        Path dir = Files.createTempDirectory("metrics-rt");
        Path file = dir.resolve("metrics.jsonl");
        try {
            int half = records.size() / 2;
            try (MetricsLog log = MetricsLog.open(file)) {
                for (MetricRecord r : records.subList(0, half)) {
                    log.append(r);
                }
            }
            try (MetricsLog log = MetricsLog.open(file)) { // a resume continues the same file
                for (MetricRecord r : records.subList(half, records.size())) {
                    log.append(r);
                }
            }
            List<MetricRecord> back = MetricsLog.read(file);
            assertEquals(records, back);
            for (int i = 0; i < back.size(); i++) {
                assertEquals(List.copyOf(records.get(i).values().keySet()),
                        List.copyOf(back.get(i).values().keySet()));
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    @Provide
    Arbitrary<MetricRecord> records() {
        Arbitrary<String> phase = Arbitraries.oneOf(Arbitraries.of("train", "val", "test"),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6));
        Arbitrary<String> names = Arbitraries.strings().withCharRange(' ', '~')
                .withChars("éß漢\"\\\n\t\u0000\u2028").ofMinLength(1).ofMaxLength(10)
                .filter(s -> !s.isBlank())
                .flatMap(s -> Arbitraries.of(s, s + "😀")); // a pair outside the BMP
        Arbitrary<Double> doubles = Arbitraries.oneOf(
                Arbitraries.doubles(),
                Arbitraries.longs().map(Double::longBitsToDouble),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                        -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300, 0.1));
        Arbitrary<Map<String, Double>> values = Arbitraries.maps(names, doubles).ofMaxSize(6);
        Arbitrary<Instant> time = Combinators.combine(
                Arbitraries.longs().between(0, 8_000_000_000L),
                Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
        return Combinators.combine(phase, Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.longs().greaterOrEqual(0), values, time).as(MetricRecord::new);
    }
}
