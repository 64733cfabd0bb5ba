package io.github.vov3d.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiViewAccumulatorTest {
    @TempDir
    Path tmp;

    @Test
    void videosAreScoredOnTheSumOfTheirViews() throws IOException {
        MultiViewAccumulator acc = new MultiViewAccumulator(3);
        // video 1 (label 2): one wrong view, two right ones -> right
        acc.add(new float[] {0.9f, 0.05f, 0.05f}, 1, 2);
        acc.add(new float[] {0.1f, 0.1f, 0.8f}, 1, 2);
        acc.add(new float[] {0.2f, 0.1f, 0.7f}, 1, 2);
        // video 7 (label 0): wrong on the sum
        acc.add(new float[] {0.3f, 0.6f, 0.1f}, 7, 0);
        Accuracy a = acc.accuracy();
        assertEquals(2, a.samples());
        assertEquals(1, a.top1());
        assertEquals(2, a.top5());
        assertEquals(3, acc.viewCounts().get(1L));
        Path csv = tmp.resolve("predictions.csv");
        acc.writePredictions(csv, List.of("a", "b", "c"));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("video,label,views,top5", lines.get(0));
        assertTrue(lines.get(1).startsWith("1,2,3,c:0.5"), lines.get(1));
        assertThrows(IllegalArgumentException.class, () -> acc.add(new float[] {1, 0, 0}, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> acc.add(new float[] {1, 0}, 3, 0));
    }
}
