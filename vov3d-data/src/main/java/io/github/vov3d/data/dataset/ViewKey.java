package io.github.vov3d.data.dataset;

/**
 * Which video and view a dataset index stands for, so multi-view predictions can be summed
 * per video (the reference's test ensembling).
 *
 * @param videoId the video's id
 * @param video the video's position in the index
 * @param view view index, {@code clip · crops + crop}
 * @param label the video's label
 */
public record ViewKey(String videoId, int video, int view, int label) {}
