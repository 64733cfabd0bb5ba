package io.github.vov3d.examples.miniature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Record;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated task: reproducible, balanced, and only solvable from the order of frames. */
class MiniatureVideosTest {
    private static final ClipGeometry G = new ClipGeometry(8, 32, 8, 4);

    @Test
    void aVideoIsAFunctionOfSeedIndexAndView() {
        SceneRenderer r = new SceneRenderer(G, 0.3);
        ClipView view = new ClipView(2, 3, 4);
        float[] a = r.render(MotionScene.generate(5, 17, G), view);
        assertArrayEquals(a, r.render(MotionScene.generate(5, 17, G), view));
        assertFalse(Arrays.equals(a, r.render(MotionScene.generate(6, 17, G), view)));
        assertFalse(Arrays.equals(a, r.render(MotionScene.generate(5, 18, G), view)));
        assertFalse(Arrays.equals(a, r.render(MotionScene.generate(5, 17, G), new ClipView(2, 3, 5))));
        assertEquals(G.clipLength(), a.length);
        assertThrows(IllegalArgumentException.class, () -> r.render(MotionScene.generate(5, 17, G), new ClipView(5, 0, 0)));
    }

    @Test
    void labelsCycleThroughTheClassesAndEachReversedClassIsAnother() {
        for (int i = 0; i < 16; i++) {
            assertEquals(Motion.values()[i % 8], MotionScene.generate(3, i, G).label());
        }
        for (Motion m : Motion.values()) {
            assertNotEquals(m, m.reversed());
            assertEquals(m, m.reversed().reversed());
        }
    }

    @Test
    void everyClipShowsItsClassOnlyThroughChangeOverTime() {
        for (ViewPlan plan : new ViewPlan[] {ViewPlan.jitteredClip(), ViewPlan.grid(2, 3)}) {
            for (int index = 0; index < 400; index++) {
                MotionScene s = MotionScene.generate(11, index, G);
                for (int k = 0; k < plan.viewsPerVideo(); k++) {
                    ClipView v = plan.view(s, k, G);
                    assertTrue(v.fits(G), v::toString);
                    int first = v.startFrame();
                    int last = first + G.frames() - 1;
                    switch (s.label()) {
                        case APPEARING -> assertTrue(s.objectAt(first).isEmpty() && s.objectAt(last).isPresent());
                        case DISAPPEARING -> assertTrue(s.objectAt(first).isPresent() && s.objectAt(last).isEmpty());
                        case APPROACHING -> assertTrue(size(s, last) > size(s, first) + 1);
                        case RECEDING -> assertTrue(size(s, last) < size(s, first) - 1);
                        case MOVING_LEFT -> assertTrue(x(s, last) < x(s, first) - 3);
                        case MOVING_RIGHT -> assertTrue(x(s, last) > x(s, first) + 3);
                        case MOVING_UP -> assertTrue(y(s, last) < y(s, first) - 3);
                        case MOVING_DOWN -> assertTrue(y(s, last) > y(s, first) + 3);
                    }
                }
            }
        }
    }

    /** Where the object is in a single frame must not tell which way it moves. */
    @Test
    void aSingleFramesPositionAndSizeDoNotRevealTheClass() {
        Map<Motion, double[]> sums = new EnumMap<>(Motion.class);
        for (int index = 0; index < 8 * 400; index++) {
            MotionScene s = MotionScene.generate(2, index, G);
            double[] sum = sums.computeIfAbsent(s.label(), m -> new double[4]);
            for (int t = 0; t < G.videoFrames(); t++) {
                s.objectAt(t).ifPresent(o -> {
                    sum[0] += o.centreX();
                    sum[1] += o.centreY();
                    sum[2] += o.size();
                    sum[3]++;
                });
            }
        }
        for (Motion m : Motion.values()) {
            double[] a = sums.get(m);
            double[] b = sums.get(m.reversed());
            for (int i = 0; i < 3; i++) {
                assertEquals(a[i] / a[3], b[i] / b[3], 1.0, m + " vs " + m.reversed() + ", statistic " + i);
            }
        }
    }

    @Test
    void theTestSetLabelsEveryViewWithItsClassAndVideo() {
        MotionClips test = MotionClips.builder().seed(4).videos(100, 3).views(ViewPlan.grid(2, 3))
                .labelVideos(true).renderer(new SceneRenderer(G, 0.3)).setSampling(6, false).build();
        assertEquals(18, test.size());
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < 18; i++) {
                Record r = test.get(m, i);
                assertArrayEquals(new long[] {3, 8, 32, 32}, r.getData().head().getShape().getShape());
                assertEquals(MotionScene.generate(4, 100 + i / 6, G).label().ordinal(), (int) r.getLabels().get(0).getFloat());
                assertEquals(100 + i / 6, (int) r.getLabels().get(1).getFloat());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> MotionClips.builder().videos(0, 0).build());
        assertThrows(IllegalArgumentException.class, () -> new ClipGeometry(8, 32, 8, 7));
    }

    private static double size(MotionScene s, int t) {
        return s.objectAt(t).orElseThrow().size();
    }

    private static double x(MotionScene s, int t) {
        return s.objectAt(t).orElseThrow().centreX();
    }

    private static double y(MotionScene s, int t) {
        return s.objectAt(t).orElseThrow().centreY();
    }
}
