package io.github.vov3d.examples.miniature;

/**
 * One row of the miniature experiment's table.
 *
 * @param model the network's name
 * @param parameters trainable parameters
 * @param gigaMacs multiply-accumulates of one view, in billions
 * @param singleViewTop1 top-1 of the centre clip of each test video, in [0, 1]
 * @param multiViewTop1 top-1 of each test video scored on its summed views, in [0, 1]
 * @param trainClipsPerSecond training throughput (data, forward, backward, update), NaN if nothing was trained
 * @param testClipsPerSecond multi-view test throughput (data and eval forward)
 * @param trainSeconds wall time of training, evaluation and checkpoints
 * @param testSeconds wall time of the multi-view test
 */
public record ModelResult(String model, long parameters, double gigaMacs, double singleViewTop1,
        double multiViewTop1, double trainClipsPerSecond, double testClipsPerSecond, double trainSeconds,
        double testSeconds) {}
