package io.github.vov3d.data.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SamplerPropertiesTest {

    @Property
    void kineticsIndicesAreInRangeAndOrdered(@ForAll @IntRange(min = 1, max = 2000) int frames,
            @ForAll @IntRange(min = 1, max = 32) int t, @ForAll @IntRange(min = 1, max = 8) int rate,
            @ForAll @IntRange(min = 10, max = 60) int fps, @ForAll long seed) {
        KineticsSampler s = new KineticsSampler(t, rate, 30);
        int[] train = s.trainIndices(frames, fps, new Random(seed));
        assertInRangeAndOrdered(train, frames, t);
        for (int c = 0; c < 3; c++) {
            assertInRangeAndOrdered(s.testIndices(frames, fps, c, 3), frames, t);
        }
        // the window spans numFrames·rate/30·fps source frames (or the whole video)
        double window = t * rate / 30.0 * fps;
        assertTrue(train[t - 1] - train[0] <= Math.ceil(window), Arrays.toString(train));
    }

    @Property
    void kineticsTestClipsSpreadOverTheVideo(@ForAll @IntRange(min = 100, max = 3000) int frames,
            @ForAll @IntRange(min = 2, max = 10) int clips) {
        KineticsSampler s = KineticsSampler.vov3d();
        int previous = -1;
        for (int c = 0; c < clips; c++) {
            int start = s.testIndices(frames, 30, c, clips)[0];
            assertTrue(start >= previous, "clip starts must not go back");
            if (frames > 80 + clips) {
                assertTrue(start > previous, "clips must be distinct when the video is long enough");
            }
            previous = start;
        }
        assertEquals(0, s.testIndices(frames, 30, 0, clips)[0]);
        double delta = Math.max(frames - 80, 0);
        assertEquals((int) (delta * (clips - 1) / clips), s.testIndices(frames, 30, clips - 1, clips)[0]);
    }

    @Test
    void kineticsMatchesTheReferenceFormula() {
        // 300 frames at 30 fps, clip 3 of 10: delta = 220, start = 66, end = 145, linspace of 16
        int[] got = KineticsSampler.vov3d().testIndices(300, 30, 3, 10);
        assertArrayEquals(new int[] {66, 71, 76, 81, 87, 92, 97, 102, 108, 113, 118, 123, 129, 134, 139, 145}, got);
        // a short video repeats its frames, clamped to the last one
        int[] short_ = KineticsSampler.vov3d().testIndices(20, 30, 0, 1);
        assertEquals(0, short_[0]);
        assertEquals(19, short_[15]);
    }

    @Property
    void segmentSamplingTakesOneFramePerSegment(@ForAll @IntRange(min = 1, max = 500) int frames,
            @ForAll @IntRange(min = 1, max = 32) int t, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int views) {
        SegmentSampler s = new SegmentSampler(t);
        int[] train = s.trainIndices(frames, new Random(seed));
        assertInRangeAndOrdered(train, frames, t);
        for (int v = 0; v < views; v++) {
            int[] test = s.testIndices(frames, v, views);
            assertInRangeAndOrdered(test, frames, t);
            assertArrayEquals(test, s.testIndices(frames, v, views), "test views are deterministic");
            for (int i = 0; i < t; i++) {
                int[] seg = s.segment(frames, i);
                assertTrue(train[i] >= seg[0] && train[i] <= seg[1]);
                assertTrue(test[i] >= seg[0] && test[i] <= seg[1]);
            }
        }
    }

    @Property
    void segmentViewsAreDistinctWhenSegmentsAreWideEnough(@ForAll @IntRange(min = 1, max = 32) int t,
            @ForAll @IntRange(min = 2, max = 4) int views, @ForAll @IntRange(min = 0, max = 300) int extra) {
        int frames = t * (views + 1) + 1 + extra;
        SegmentSampler s = new SegmentSampler(t);
        for (int a = 0; a < views; a++) {
            for (int b = a + 1; b < views; b++) {
                assertFalse(Arrays.equals(s.testIndices(frames, a, views), s.testIndices(frames, b, views)));
            }
        }
    }

    @Test
    void singleSegmentViewIsTheReferenceMiddle() {
        SegmentSampler s = new SegmentSampler(8);
        for (int frames : new int[] {9, 37, 48, 100}) {
            int[] got = s.testIndices(frames, 0, 1);
            for (int i = 0; i < 8; i++) {
                int[] seg = s.segment(frames, i);
                assertEquals((seg[0] + seg[1]) / 2, got[i]);
            }
        }
        // numpy rounds half to even: (37-1)/8 = 4.5 -> segment 0 is [0, 4], segment 1 [4, 9]
        assertArrayEquals(new int[] {0, 4}, s.segment(37, 0));
        assertArrayEquals(new int[] {4, 9}, s.segment(37, 1));
    }

    @Test
    void testViewsFollowTheReferenceOrder() {
        TestView v = TestView.of(7, 10, 3);
        assertEquals(2, v.clip());
        assertEquals(1, v.crop());
        assertEquals(7, v.index());
    }

    private static void assertInRangeAndOrdered(int[] idx, int frames, int t) {
        assertEquals(t, idx.length);
        for (int i = 0; i < idx.length; i++) {
            assertTrue(idx[i] >= 0 && idx[i] < frames, Arrays.toString(idx));
            if (i > 0) {
                assertTrue(idx[i] >= idx[i - 1], Arrays.toString(idx));
            }
        }
    }
}
