package io.github.vov3d.data.dataset;

/**
 * What a dataset does with a video it cannot use. Training defaults to {@link #SKIP}, like the
 * reference's ten retries with another random video; everything else defaults to
 * {@link #FAIL_FAST}, because replacing a test view would bias the score.
 */
public enum BadInputPolicy {
    /** Count it, log a warning and use another video (training) or drop the list line. */
    SKIP,
    /** Throw the {@link io.github.vov3d.data.media.BadInputException} at once. */
    FAIL_FAST
}
