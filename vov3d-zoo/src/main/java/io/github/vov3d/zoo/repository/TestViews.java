package io.github.vov3d.zoo.repository;

/**
 * The multi-view test protocol behind a published accuracy: {@code clips} temporal clips times
 * {@code crops} spatial crops, softmax scores summed over all views.
 *
 * @param clips temporal clips per video
 * @param crops spatial crops per clip
 */
public record TestViews(int clips, int crops) {

    /** Checks the counts. */
    public TestViews {
        if (clips < 1 || crops < 1) {
            throw new IllegalArgumentException("clips and crops must be positive, got " + clips + "x" + crops);
        }
    }

    /** @return the number of views, {@code clips × crops} */
    public int views() {
        return clips * crops;
    }

    @Override
    public String toString() {
        return clips + "x" + crops;
    }
}
