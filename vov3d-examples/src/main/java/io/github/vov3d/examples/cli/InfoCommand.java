package io.github.vov3d.examples.cli;

import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.api.ModelStatistics;
import io.github.vov3d.blocks.network.VideoModels;
import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.blocks.stats.ComplexityCounter;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code vov3d info}: parameters and GMACs of one model, or a table of all of them (the
 * paper's size and cost columns, measured on our networks); for one model also its
 * layer-by-layer memory traffic, the other half of its cost on a CPU.
 */
final class InfoCommand implements Command {

    @Override
    public String name() {
        return "info";
    }

    @Override
    public String usage() {
        return """
                info [--model NAME] [--classes N] [--frames T] [--crop S]   parameters and GMACs (and,
                                 for one model, the bytes a layer-by-layer pass moves)
                  --model    one of %s (default: a table of all)
                  --classes  class count (default 400)
                  --frames   clip length (default: the model's own)
                  --crop     square input size counted (default: 224 and 256 for the table, 224 for one model)
                  MACs are conv + linear multiply-accumulates for one view; the head's pool is sized for
                  a 224 training crop (smaller if S is), so larger inputs count every head position, as the paper did."""
                .formatted(String.join(", ",
                        List.of(ModelArchitecture.values()).stream().map(ModelArchitecture::id).toList()));
    }

    @Override
    public void run(List<String> args, PrintStream out) throws UsageException {
        Arguments a = Arguments.parse(args, Set.of("model", "classes", "frames", "crop"), Set.of());
        int classes = a.positiveInt("classes").orElse(400);
        OptionalInt frames = a.positiveInt("frames");
        OptionalInt crop = a.positiveInt("crop");
        if (a.get("model").isPresent()) {
            ModelArchitecture arch = parseModel(a.get("model").get());
            int size = crop.orElse(224);
            int t = frames.orElse(arch.defaultFrames());
            VideoNetwork network = build(arch, classes, t, size);
            out.printf(Locale.ROOT, "%s, %d classes: %s%n", arch.id(), classes,
                    ComplexityCounter.count(network, t, size, size).describe());
            out.printf(Locale.ROOT, "memory traffic, layer by layer: %s%n",
                    ComplexityCounter.traffic(network, t, size, size).describe());
            return;
        }
        out.printf(Locale.ROOT, "%-11s %12s %10s %12s %12s%n",
                "model", "params", "params(M)", "GMACs@" + crop.orElse(224), "GMACs@" + crop.orElse(256));
        for (ModelArchitecture arch : ModelArchitecture.values()) {
            ModelStatistics small = count(arch, classes, frames, crop.orElse(224));
            ModelStatistics large = count(arch, classes, frames, crop.orElse(256));
            out.printf(Locale.ROOT, "%-11s %,12d %10.2f %12.3f %12.3f%n", arch.id(),
                    small.parameters(), small.millionParameters(), small.gigaMacs(), large.gigaMacs());
        }
        out.printf(Locale.ROOT, "(%d classes; frames: each model's own unless --frames; MACs = conv + "
                + "linear multiply-accumulates for one view)%n", classes);
    }

    static ModelArchitecture parseModel(String name) throws UsageException {
        try {
            return ModelArchitecture.fromId(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static ModelStatistics count(ModelArchitecture arch, int classes, OptionalInt frames, int crop) {
        int t = frames.orElse(arch.defaultFrames());
        return ComplexityCounter.count(build(arch, classes, t, crop), t, crop, crop);
    }

    /** The head's pool is sized for a 224 training crop, or the counted size if smaller. */
    private static VideoNetwork build(ModelArchitecture arch, int classes, int frames, int crop) {
        return VideoModels.builder(arch).numClasses(classes).frames(frames)
                .trainCrop(Math.min(crop, 224)).build();
    }
}
