package io.github.vov3d.train.report;

import java.util.List;
import java.util.Objects;

/**
 * What one PNG shows: which values of which phases, under which title and file name.
 *
 * @param fileName the PNG's name inside the plot directory
 * @param title the chart title
 * @param yTitle the y axis title
 * @param phases the phases to draw, in legend order
 * @param metrics the value names to draw for each phase
 */
record ChartSpec(String fileName, String title, String yTitle, List<String> phases,
        List<String> metrics) {

    /** The three charts of the trainer: loss, accuracy and learning rate. */
    static final List<ChartSpec> DEFAULTS = List.of(
            new ChartSpec(TrainingPlots.LOSS_PNG, "Loss", "loss",
                    List.of(MetricNames.TRAIN, MetricNames.VAL, MetricNames.TEST),
                    List.of(MetricNames.LOSS)),
            new ChartSpec(TrainingPlots.ACCURACY_PNG, "Accuracy", "accuracy",
                    List.of(MetricNames.TRAIN, MetricNames.VAL, MetricNames.TEST),
                    List.of(MetricNames.TOP1, MetricNames.TOP5)),
            new ChartSpec(TrainingPlots.LR_PNG, "Learning rate", "learning rate",
                    List.of(MetricNames.TRAIN), List.of(MetricNames.LR)));

    ChartSpec {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(yTitle, "yTitle");
        phases = List.copyOf(phases);
        metrics = List.copyOf(metrics);
    }
}
