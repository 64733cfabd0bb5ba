package io.github.vov3d.examples.miniature;

/**
 * Sizes of the generated videos and of the clips cut from them. A video is a little longer and
 * wider than a clip, so training can jitter the clip in time and space and testing can take
 * several distinct views of one video, as the paper's 2 clips × 3 crops protocol does.
 *
 * @param frames frames per clip (T)
 * @param crop clip height and width in pixels
 * @param margin extra pixels of the video beyond the crop (each side of the square)
 * @param extraFrames extra frames of the video beyond the clip
 */
public record ClipGeometry(int frames, int crop, int margin, int extraFrames) {

    /** Validates the sizes. */
    public ClipGeometry {
        if (frames < 4 || crop < 8 || margin < 0 || extraFrames < 0) {
            throw new IllegalArgumentException("need frames >= 4, crop >= 8, margin and extra frames >= 0; got "
                    + frames + ", " + crop + ", " + margin + ", " + extraFrames);
        }
        if (extraFrames > frames - 2) {
            throw new IllegalArgumentException("extraFrames (" + extraFrames + ") must be at most frames - 2 ("
                    + (frames - 2) + ") so that every clip of an appearing/disappearing video shows the change");
        }
    }

    /** @return frames of a whole generated video */
    public int videoFrames() {
        return frames + extraFrames;
    }

    /** @return side of a whole generated video frame in pixels */
    public int videoSize() {
        return crop + margin;
    }

    /** @return floats in one clip, 3 × T × crop × crop */
    public int clipLength() {
        return 3 * frames * crop * crop;
    }
}
