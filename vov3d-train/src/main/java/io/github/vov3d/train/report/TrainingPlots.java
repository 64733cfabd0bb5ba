package io.github.vov3d.train.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the training curves as PNG files next to the checkpoints: {@value #LOSS_PNG} (loss of
 * every phase), {@value #ACCURACY_PNG} (top-1 / top-5 of every phase) and {@value #LR_PNG}
 * (learning rate of training).
 *
 * <p>Why PNGs: a glance at a run's directory (over ssh, in a CI artifact) shows whether it is
 * learning, with no notebook or dashboard. The plots are cheap to redraw from the
 * {@link MetricsLog}, so the trainer can call {@link #write} after every epoch; each file is
 * replaced atomically. A chart none of whose values were measured yet (e.g. accuracy before the
 * first validation, or an empty log) is not written, and is absent from the returned list.
 * Rendering is headless (see {@link Headless}).
 */
public final class TrainingPlots {

    /** File name of the loss chart. */
    public static final String LOSS_PNG = "loss.png";
    /** File name of the accuracy chart. */
    public static final String ACCURACY_PNG = "accuracy.png";
    /** File name of the learning-rate chart. */
    public static final String LR_PNG = "lr.png";

    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;

    private TrainingPlots() {
    }

    /**
     * Writes the charts with the epoch number on the x axis (values within one epoch averaged).
     *
     * @param records the run's records, in log order, e.g. from {@link MetricsLog#read}
     * @param directory where the PNGs go; created if missing
     * @return the files written
     * @throws IOException if the directory or a file cannot be written
     */
    public static List<Path> write(List<MetricRecord> records, Path directory) throws IOException {
        return write(records, directory, 0);
    }

    /**
     * Writes the charts with the fractional epoch {@code iteration / iterationsPerEpoch} on the x
     * axis, so per-iteration training values show their spread within an epoch.
     *
     * @param records the run's records, in log order, e.g. from {@link MetricsLog#read}
     * @param directory where the PNGs go; created if missing
     * @param iterationsPerEpoch iterations in one epoch (> 0), or 0 to plot per epoch
     * @return the files written
     * @throws IOException if the directory or a file cannot be written
     */
    public static List<Path> write(List<MetricRecord> records, Path directory,
            long iterationsPerEpoch) throws IOException {
        Objects.requireNonNull(records, "records must not be null (pass an empty list)");
        Objects.requireNonNull(directory, "directory must not be null");
        CurveExtractor extractor = new CurveExtractor(iterationsPerEpoch);
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new IOException("plot directory " + directory + " is a file; give"
                    + " TrainingPlots.write the run's checkpoint directory");
        }
        Files.createDirectories(directory);
        Map<String, List<MetricRecord>> byPhase = CurveExtractor.latestByPhase(records);
        List<Path> written = new ArrayList<>();
        for (ChartSpec spec : ChartSpec.DEFAULTS) {
            List<Curve> curves = new ArrayList<>();
            for (String phase : spec.phases()) {
                for (String metric : spec.metrics()) {
                    Curve c = extractor.curve(phase + " " + metric,
                            byPhase.getOrDefault(phase, List.of()), metric);
                    if (!c.isEmpty()) {
                        curves.add(c);
                    }
                }
            }
            if (!curves.isEmpty()) {
                Path target = directory.resolve(spec.fileName());
                PngFiles.writeAtomically(target, render(spec, curves, iterationsPerEpoch > 0));
                written.add(target);
            }
        }
        return List.copyOf(written);
    }

    private static byte[] render(ChartSpec spec, List<Curve> curves, boolean fractional)
            throws IOException {
        Headless.ensure();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(spec.title()).xAxisTitle("epoch").yAxisTitle(spec.yTitle()).build();
        chart.getStyler()
                .setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendLayout(Styler.LegendLayout.Horizontal)
                .setChartBackgroundColor(java.awt.Color.WHITE)
                .setAntiAlias(true);
        for (Curve c : curves) {
            XYSeries s = chart.addSeries(c.name(), c.xs(), c.ys());
            // dense per-iteration curves read better as plain lines; sparse ones need markers
            boolean dense = fractional && c.xs().size() > 50;
            s.setMarker(dense ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }
}
