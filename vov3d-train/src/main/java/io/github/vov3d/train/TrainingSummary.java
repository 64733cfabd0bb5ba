package io.github.vov3d.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a call to {@link VideoTrainer#fit()} did.
 *
 * @param firstEpoch the first epoch trained in this call (after a resume: the one after the checkpoint)
 * @param lastEpoch the last epoch completed (0-based)
 * @param iterations optimiser steps taken since the start of the run (resumes included)
 * @param lastTrainLoss mean training loss of the last epoch
 * @param lastValidation the last validation result, if any ran
 * @param lastCheckpoint the newest checkpoint written
 * @param resumedFrom the checkpoint this call resumed from, if any
 */
public record TrainingSummary(int firstEpoch, int lastEpoch, long iterations, double lastTrainLoss,
        Optional<Accuracy> lastValidation, Optional<Path> lastCheckpoint, Optional<Path> resumedFrom) {}
