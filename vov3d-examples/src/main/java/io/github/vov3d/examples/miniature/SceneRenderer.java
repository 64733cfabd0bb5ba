package io.github.vov3d.examples.miniature;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Turns a {@link MotionScene} into the pixels of one clip (3 × T × crop × crop floats, channel
 * first), rendering only the frames and pixels the view needs. Each pixel is the background
 * plus Gaussian noise, painted over by the distractor and then the object in proportion to the
 * area they cover.
 */
public final class SceneRenderer {
    private final ClipGeometry geometry;
    private final double noise;

    /**
     * @param geometry video and clip sizes
     * @param noise standard deviation of the per-pixel noise (0 for clean clips)
     */
    public SceneRenderer(ClipGeometry geometry, double noise) {
        if (noise < 0) {
            throw new IllegalArgumentException("noise must be >= 0, got " + noise);
        }
        this.geometry = geometry;
        this.noise = noise;
    }

    /** @return the sizes this renderer draws */
    public ClipGeometry geometry() {
        return geometry;
    }

    /**
     * @param scene the video
     * @param view where the clip lies in it
     * @return the clip, index {@code ((c × T + t) × crop + y) × crop + x}
     */
    public float[] render(MotionScene scene, ClipView view) {
        if (!view.fits(geometry)) {
            throw new IllegalArgumentException(view + " does not fit a video of " + geometry);
        }
        int frames = geometry.frames();
        int crop = geometry.crop();
        float[] clip = new float[geometry.clipLength()];
        SplittableRandom random = scene.noiseFor(view);
        float[] objectX = new float[crop];
        float[] objectY = new float[crop];
        float[] distractorX = coverage(scene.distractor(), view.x(), crop, true);
        float[] distractorY = coverage(scene.distractor(), view.y(), crop, false);
        for (int t = 0; t < frames; t++) {
            Optional<Square> object = scene.objectAt(view.startFrame() + t);
            Arrays.fill(objectX, 0f);
            Arrays.fill(objectY, 0f);
            object.ifPresent(o -> {
                System.arraycopy(coverage(o, view.x(), crop, true), 0, objectX, 0, crop);
                System.arraycopy(coverage(o, view.y(), crop, false), 0, objectY, 0, crop);
            });
            for (int c = 0; c < 3; c++) {
                float bg = scene.background().channel(c);
                float dc = scene.distractorColour().channel(c);
                float oc = scene.objectColour().channel(c);
                int base = (c * frames + t) * crop * crop;
                for (int y = 0; y < crop; y++) {
                    for (int x = 0; x < crop; x++) {
                        float v = bg + (float) (noise * random.nextGaussian());
                        float d = distractorX[x] * distractorY[y];
                        v += d * (dc - v);
                        float a = objectX[x] * objectY[y];
                        v += a * (oc - v);
                        clip[base + y * crop + x] = v;
                    }
                }
            }
        }
        return clip;
    }

    private static float[] coverage(Square s, int offset, int crop, boolean horizontal) {
        float[] cover = new float[crop];
        for (int i = 0; i < crop; i++) {
            cover[i] = (float) s.overlap(offset + i, horizontal);
        }
        return cover;
    }
}
