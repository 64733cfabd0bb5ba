package io.github.vov3d.examples.paper;

import io.github.vov3d.api.ModelStatistics;
import io.github.vov3d.train.Recipe;
import java.util.Locale;

/**
 * What a paper run will do, printed before it starts and by {@code --dry-run}: the network and
 * its cost, the data, the recipe's length in epochs and optimiser steps, and the test views.
 * Seeing the plan first catches a wrong dataset root or an hour-long "quick" run before any
 * time is spent.
 *
 * @param row the row
 * @param numClasses classes of the data
 * @param statistics parameters and multiply-accumulates of one test view
 * @param recipe the effective recipe
 * @param protocol the effective clip protocol
 * @param data what the dataset holds
 * @param microBatch clips per forward pass
 * @param accumulation micro-batches per step
 * @param stepsPerEpoch optimiser steps per epoch
 * @param device where it runs
 * @param start where the weights start from
 */
public record ExperimentPlan(PaperExperiment row, int numClasses, ModelStatistics statistics, Recipe recipe,
        ClipProtocol protocol, String data, int microBatch, int accumulation, long stepsPerEpoch, String device,
        String start) {

    /** @return total optimiser steps of the run */
    public long iterations() {
        return stepsPerEpoch * recipe.epochs();
    }

    /** @return GFLOPs (multiply-accumulates) of one test view, the paper's convention */
    public double gflopsPerView() {
        return statistics.gigaMacs();
    }

    /** @return the plan, several lines */
    public String describe() {
        int views = protocol.views().views();
        return String.format(Locale.ROOT, """
                %s — %s
                  model       %s, %d classes: %,d params (%.2f M), %.2f GFLOPs per view x %d views = %.1f GFLOPs \
                (paper: %.1f M, %.1f GFLOPs per view)
                  start       %s
                  data        %s
                  clips       %s
                  recipe      %d epochs, %,d steps per epoch = %,d iterations; batch %d x %d accumulated = %d \
                (recipe %d), base LR %.3g scaled to %.3g, %s
                  test        %s views (%d per video), top-1 to compare with the paper's %.1f %%
                  device      %s""",
                row.name(), row.title(), row.architecture().id(), numClasses, statistics.parameters(),
                statistics.millionParameters(), gflopsPerView(), views, gflopsPerView() * views,
                row.entry().paper().millionParameters(), row.entry().paper().gflopsPerView(), start, data,
                protocol.describe(), recipe.epochs(), stepsPerEpoch, iterations(), microBatch, accumulation,
                microBatch * accumulation, recipe.referenceBatchSize(), recipe.baseLr(),
                recipe.baseLr() * microBatch * accumulation / recipe.referenceBatchSize(),
                recipe.policy().name().toLowerCase(Locale.ROOT), protocol.views(), views, row.entry().paper().top1(),
                device);
    }
}
