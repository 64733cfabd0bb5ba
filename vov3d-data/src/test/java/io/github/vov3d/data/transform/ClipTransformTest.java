package io.github.vov3d.data.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vov3d.data.media.RgbFrame;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClipTransformTest {
    private static RgbFrame ramp(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                rgb[p] = (byte) x;
                rgb[p + 1] = (byte) y;
                rgb[p + 2] = (byte) 200;
            }
        }
        return new RgbFrame(w, h, rgb);
    }

    @Test
    void normalisesCropsFlipsAndReordersChannels() {
        RgbFrame f = ramp(40, 20);
        SpatialPlan plan = new SpatialPlan(20, 40, 20, new CropBox(10, 5, 8, 8), false);
        Normalization n = Normalization.vov3d();
        ClipTransform t = ClipTransform.testing().testScale(20).crop(8).normalization(n).build();
        float[] out = t.apply(List.of(f, f), plan);
        assertEquals(3 * 2 * 8 * 8, out.length);
        int plane = 2 * 8 * 8;
        assertEquals((10 / 255f - 0.45f) / 0.225f, out[0], 1e-5); // R at (0,0) = x 10
        assertEquals((5 / 255f - 0.45f) / 0.225f, out[plane], 1e-5); // G = y 5
        assertEquals((200 / 255f - 0.45f) / 0.225f, out[2 * plane], 1e-5);
        float[] flipped = t.apply(List.of(f), new SpatialPlan(20, 40, 20, new CropBox(10, 5, 8, 8), true));
        assertEquals((17 / 255f - 0.45f) / 0.225f, flipped[0], 1e-5);
        ClipTransform bgr = ClipTransform.testing().testScale(20).crop(8).normalization(n.withBgr(true)).build();
        float[] b = bgr.apply(List.of(f), plan);
        assertEquals((200 / 255f - 0.45f) / 0.225f, b[0], 1e-5);
    }

    @Test
    void resizingInJavaMatchesTheAlignCornersFalseFormula() {
        RgbFrame f = ramp(40, 20); // red = x, linear, so bilinear reproduces it away from the border
        SpatialPlan plan = new SpatialPlan(40, 80, 40, new CropBox(20, 0, 40, 40), false);
        float[] out = ClipTransform.testing().testScale(40).crop(40).build().apply(List.of(f), plan);
        // output column 20+i maps to source (20+i+0.5)/2-0.5
        for (int i = 0; i < 40; i++) {
            double src = (20 + i + 0.5) / 2 - 0.5;
            assertEquals((src / 255 - 0.45) / 0.225, out[10 * 40 + i], 1e-4);
        }
    }

    @Test
    void testPlansUseTheDatasetsSingleCrop() {
        ClipTransform kinetics = ClipTransform.testing().build();
        ClipTransform ss = ClipTransform.testing().singleCropCentre(false).build();
        assertEquals(43, kinetics.plan(320, 240, new Random(0), 0, 1).crop().x()); // 341 wide, centre ceil(85/2)
        assertEquals(0, ss.plan(320, 240, new Random(0), 0, 1).crop().x());
        assertEquals(85, kinetics.plan(320, 240, new Random(0), 2, 3).crop().x());
    }
}
