package io.github.vov3d.examples.paper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.vov3d.blocks.inference.CompiledNetwork;
import io.github.vov3d.blocks.inference.FastInference;
import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.data.dataset.Clip;
import io.github.vov3d.data.dataset.VideoClipDataset;
import io.github.vov3d.data.media.BadInputException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Scores one video the way the paper tests: every view (clips × crops) through the network in
 * eval mode, the softmax outputs averaged. The views run through the network compiled for
 * inference ({@link FastInference}: the same function, 2.5–3.6× as fast on a CPU). Decoding and
 * inference of tens of views take a while on a CPU, so each view is reported.
 */
public final class ViewScorer {
    private ViewScorer() {}

    /**
     * @param network the network (initialised, eval mode is used)
     * @param views the views of one video ({@code views.size()} records)
     * @param manager where the inputs are created (the network's device)
     * @param progress where per-view progress goes
     * @return the class probabilities averaged over the views
     * @throws BadInputException if the video cannot be decoded
     */
    public static float[] score(VideoNetwork network, VideoClipDataset views, NDManager manager, PrintStream progress)
            throws BadInputException {
        try (CompiledNetwork fast = FastInference.compile(network)) {
            return score(fast, views, manager, progress);
        }
    }

    /**
     * @param fast the network compiled for inference ({@link FastInference}; eval function)
     * @param views the views of one video ({@code views.size()} records)
     * @param manager where the inputs are created (the network's device)
     * @param progress where per-view progress goes
     * @return the class probabilities averaged over the views
     * @throws BadInputException if the video cannot be decoded
     */
    public static float[] score(CompiledNetwork fast, VideoClipDataset views, NDManager manager,
            PrintStream progress) throws BadInputException {
        float[] sum = null;
        long n = views.size();
        for (long i = 0; i < n; i++) {
            Clip c = views.loadClip(i);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(c.data(), new Shape(1, 3, c.frames(), c.height(), c.width()));
                float[] p = fast.predict(x).toFloatArray();
                if (sum == null) {
                    sum = new float[p.length];
                }
                for (int k = 0; k < p.length; k++) {
                    sum[k] += p[k] / n;
                }
            }
            progress.printf(Locale.ROOT, "view %d of %d (%d frames, %dx%d)%n", i + 1, n, c.frames(), c.width(), c.height());
        }
        return sum;
    }
}
