package io.github.vov3d.data.transform;

import io.github.vov3d.data.media.RgbFrame;
import java.util.List;

/**
 * Resize (bilinear, align_corners false, as {@code torch.nn.functional.interpolate}), crop,
 * flip and normalise in one pass, computing only the pixels inside the crop.
 */
final class ClipTensorizer {
    private ClipTensorizer() {}

    static float[] tensorize(List<RgbFrame> frames, SpatialPlan plan, Normalization norm) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a clip needs at least one frame");
        }
        CropBox box = plan.crop();
        int t = frames.size();
        int h = box.height();
        int w = box.width();
        int plane = t * h * w;
        float[] out = new float[3 * plane];
        float[] scale = new float[3];
        float[] shift = new float[3];
        float[] mean = norm.mean();
        float[] std = norm.std();
        for (int c = 0; c < 3; c++) {
            int dst = norm.bgr() ? 2 - c : c;
            scale[dst] = 1f / (255f * std[c]);
            shift[dst] = -mean[c] / std[c];
        }
        for (int f = 0; f < t; f++) {
            RgbFrame frame = frames.get(f);
            Axis xs = Axis.of(frame.width(), plan.resizedWidth(), box.x(), w, plan.flip());
            Axis ys = Axis.of(frame.height(), plan.resizedHeight(), box.y(), h, false);
            byte[] px = frame.rgb();
            int stride = frame.width() * 3;
            for (int y = 0; y < h; y++) {
                int r0 = ys.lo[y] * stride;
                int r1 = ys.hi[y] * stride;
                float wy = ys.weight[y];
                int base = f * h * w + y * w;
                for (int x = 0; x < w; x++) {
                    int c0 = xs.lo[x] * 3;
                    int c1 = xs.hi[x] * 3;
                    float wx = xs.weight[x];
                    for (int c = 0; c < 3; c++) {
                        float top = (px[r0 + c0 + c] & 0xff) * (1 - wx) + (px[r0 + c1 + c] & 0xff) * wx;
                        float bottom = (px[r1 + c0 + c] & 0xff) * (1 - wx) + (px[r1 + c1 + c] & 0xff) * wx;
                        float v = top + (bottom - top) * wy;
                        int dc = norm.bgr() ? 2 - c : c;
                        out[dc * plane + base + x] = v * scale[dc] + shift[dc];
                    }
                }
            }
        }
        return out;
    }

    /** Source sample positions along one axis for the output pixels of the crop. */
    private static final class Axis {
        final int[] lo;
        final int[] hi;
        final float[] weight;

        private Axis(int n) {
            lo = new int[n];
            hi = new int[n];
            weight = new float[n];
        }

        static Axis of(int source, int resized, int offset, int length, boolean mirror) {
            Axis a = new Axis(length);
            double ratio = (double) source / resized;
            for (int i = 0; i < length; i++) {
                int r = offset + (mirror ? length - 1 - i : i);
                if (source == resized) {
                    a.lo[i] = r;
                    a.hi[i] = r;
                    continue;
                }
                double s = Math.max(0, (r + 0.5) * ratio - 0.5);
                int l = Math.min((int) s, source - 1);
                a.lo[i] = l;
                a.hi[i] = Math.min(l + 1, source - 1);
                a.weight[i] = (float) (s - l);
            }
            return a;
        }
    }
}
