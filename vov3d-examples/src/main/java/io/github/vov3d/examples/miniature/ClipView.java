package io.github.vov3d.examples.miniature;

/**
 * Where a clip is cut from its video: the first frame and the top-left corner of the crop.
 *
 * @param startFrame first video frame of the clip
 * @param x left edge of the crop in the video frame
 * @param y top edge of the crop in the video frame
 */
public record ClipView(int startFrame, int x, int y) {

    /** Validates the offsets. */
    public ClipView {
        if (startFrame < 0 || x < 0 || y < 0) {
            throw new IllegalArgumentException("view offsets must be >= 0: " + startFrame + ", " + x + ", " + y);
        }
    }

    /**
     * @param geometry the video sizes
     * @return whether the clip lies inside the video
     */
    public boolean fits(ClipGeometry geometry) {
        return startFrame <= geometry.extraFrames() && x <= geometry.margin() && y <= geometry.margin();
    }
}
