package io.github.vov3d.data.sampling;

/**
 * One view of the multi-view test protocol (e.g. 10 temporal clips × 3 spatial crops for
 * Kinetics, 2 × 3 for Something-Something). View numbering follows PySlowFast's test loader:
 * {@code view = clip · crops + crop}, so averaging consecutive predictions averages a video.
 *
 * @param clip temporal clip, 0-based
 * @param clips temporal clips per video
 * @param crop spatial crop (0 left/top, 1 centre, 2 right/bottom for three crops)
 * @param crops spatial crops per clip
 */
public record TestView(int clip, int clips, int crop, int crops) {
    /** Validates the indices. */
    public TestView {
        if (clips <= 0 || crops <= 0 || clip < 0 || clip >= clips || crop < 0 || crop >= crops) {
            throw new IllegalArgumentException("view (" + clip + "/" + clips + ", " + crop + "/" + crops
                    + ") out of range");
        }
    }

    /**
     * @param view view index in {@code [0, clips·crops)}
     * @param clips temporal clips per video
     * @param crops spatial crops per clip
     * @return that view
     */
    public static TestView of(int view, int clips, int crops) {
        if (view < 0 || view >= clips * crops) {
            throw new IllegalArgumentException("view must be in [0, " + clips * crops + "), got " + view);
        }
        return new TestView(view / crops, clips, view % crops, crops);
    }

    /** @return this view's index */
    public int index() {
        return clip * crops + crop;
    }

    /** @return views per video */
    public int count() {
        return clips * crops;
    }
}
