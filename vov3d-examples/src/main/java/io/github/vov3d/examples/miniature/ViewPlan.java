package io.github.vov3d.examples.miniature;

import java.util.SplittableRandom;

/**
 * Which clips a dataset cuts from each video: one jittered clip (training), the centre clip
 * (single-view validation), or a grid of evenly spaced clips × crops (the multi-view test, as
 * PySlowFast's uniform temporal clips and left/centre/right crops).
 *
 * @param clips temporal views per video
 * @param crops spatial views per video
 * @param jittered one clip at a random (per video, fixed) place instead of the grid
 */
public record ViewPlan(int clips, int crops, boolean jittered) {

    /** Validates the counts. */
    public ViewPlan {
        if (clips < 1 || crops < 1 || (jittered && clips * crops != 1)) {
            throw new IllegalArgumentException("need >= 1 clip and crop (exactly one view when jittered), got "
                    + clips + " × " + crops);
        }
    }

    /** @return one clip per video at a random offset in time and space */
    public static ViewPlan jitteredClip() {
        return new ViewPlan(1, 1, true);
    }

    /** @return the centre clip of each video */
    public static ViewPlan centreClip() {
        return new ViewPlan(1, 1, false);
    }

    /**
     * @param clips temporal views
     * @param crops spatial views
     * @return a grid of views per video
     */
    public static ViewPlan grid(int clips, int crops) {
        return new ViewPlan(clips, crops, false);
    }

    /** @return views per video */
    public int viewsPerVideo() {
        return clips * crops;
    }

    /**
     * @param scene the video (source of its jitter)
     * @param k the view index, below {@link #viewsPerVideo()}
     * @param g the sizes
     * @return where view k lies
     */
    public ClipView view(MotionScene scene, int k, ClipGeometry g) {
        if (jittered) {
            SplittableRandom r = scene.jitter();
            return new ClipView(r.nextInt(g.extraFrames() + 1), r.nextInt(g.margin() + 1), r.nextInt(g.margin() + 1));
        }
        return new ClipView(spread(k / crops, clips, g.extraFrames()), spread(k % crops, crops, g.margin()),
                g.margin() / 2);
    }

    private static int spread(int i, int count, int range) {
        return count == 1 ? range / 2 : Math.round((float) i * range / (count - 1));
    }
}
