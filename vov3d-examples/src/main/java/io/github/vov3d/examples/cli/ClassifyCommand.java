package io.github.vov3d.examples.cli;

import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.data.dataset.VideoClipDataset;
import io.github.vov3d.data.dataset.VideoEntry;
import io.github.vov3d.data.dataset.VideoIndex;
import io.github.vov3d.data.dataset.VideoSource;
import io.github.vov3d.examples.paper.ClipProtocol;
import io.github.vov3d.examples.paper.Devices;
import io.github.vov3d.examples.paper.RunArguments;
import io.github.vov3d.examples.paper.ViewScorer;
import io.github.vov3d.zoo.CheckpointLoader;
import io.github.vov3d.zoo.LoadOptions;
import io.github.vov3d.zoo.LoadedNetwork;
import io.github.vov3d.zoo.Vov3dZoo;
import io.github.vov3d.zoo.fetch.FetchOptions;
import io.github.vov3d.zoo.repository.ZooCatalogue;
import io.github.vov3d.zoo.repository.ZooEntry;
import io.github.vov3d.zoo.repository.ZooModels;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code vov3d classify}: the answer to "what happens in this video?" — decodes a video (or a
 * folder of JPEG frames), samples the views its zoo entry prescribes, averages the network's
 * softmax over them and prints the top-k classes. With {@code --weights}, the protocol is that
 * of the zoo entry matching the checkpoint's architecture and class count ({@code --like}
 * picks another).
 */
final class ClassifyCommand implements Command {

    @Override
    public String name() {
        return "classify";
    }

    @Override
    public String usage() {
        return """
                classify VIDEO (--model ZOO_NAME | --weights FILE) [--top 5]   top-k classes of a video or frame folder
                  --model NAME    a zoo entry (fetched into the cache once; vov3d zoo list)
                  --weights FILE  a checkpoint; its architecture and classes are recognised from the tensors
                  --like NAME     the zoo entry whose sampling and views to use with --weights
                                  (default: the entry of the same architecture and class count)
                  --top K         how many classes to print (default 5)
                  --views CxK     override the entry's test views, e.g. 1x1 for a quick look
                  --frames T      override the clip length; --crop S  override the training crop (test crop scales)
                  --labels FILE   class names, one per line (default: the entry's)
                  --device D      cpu, gpu or gpu:N (default: the GPU when the engine sees one)
                  --cache DIR --offline   zoo cache and offline mode""";
    }

    @Override
    public void run(List<String> args, PrintStream out) throws UsageException, IOException {
        Arguments a = Arguments.parse(args, Set.of("model", "weights", "like", "top", "views", "frames", "crop",
                "labels", "device", "cache"), Set.of("offline"));
        if (a.positional().size() != 1) {
            throw new UsageException("give exactly one VIDEO (a file or a folder of JPEG frames)");
        }
        if (a.get("model").isPresent() == a.get("weights").isPresent()) {
            throw new UsageException("give either --model ZOO_NAME or --weights FILE");
        }
        Path video = Path.of(a.positional().get(0));
        int top = a.positiveInt("top").orElse(5);
        ZooCatalogue catalogue = Vov3dZoo.catalogue();
        Path file;
        ZooEntry entry;
        if (a.get("model").isPresent()) {
            entry = catalogue.entry(a.get("model").get());
            FetchOptions.Builder fetch = FetchOptions.builder().progress(new PercentProgress(out));
            a.get("cache").ifPresent(c -> fetch.cacheDir(Path.of(c)));
            if (a.flag("offline")) {
                fetch.offline(true);
            }
            file = Vov3dZoo.fetch(entry.name(), fetch.build()).file();
        } else {
            file = Path.of(a.get("weights").get());
            entry = a.get("like").isPresent() ? catalogue.entry(a.get("like").get()) : null;
        }
        ClipProtocol base = entry == null ? null : ClipProtocol.of(entry);
        int frames = a.positiveInt("frames").orElse(base == null ? 16 : base.frames());
        int crop = a.positiveInt("crop").orElse(base == null ? 224 : base.trainCrop());
        LoadOptions load = LoadOptions.defaults().withFrames(frames).withTrainCrop(crop).withDropout(0f)
                .withDevice(a.get("device").map(ClassifyCommand::device).orElse(Devices.preferred()));
        try (LoadedNetwork net = CheckpointLoader.load(file, load)) {
            if (entry == null) {
                entry = matching(catalogue, net.architecture(), net.numClasses());
            }
            ClipProtocol protocol = ClipProtocol.of(entry).scaled(frames, crop);
            if (a.get("views").isPresent()) {
                protocol = protocol.withViews(RunArguments.parseViews(a.get("views").get()));
            }
            List<String> names = a.get("labels").isPresent() ? ZooModels.readClassNames(Path.of(a.get("labels").get()),
                    entry) : net.numClasses() == entry.numClasses() ? entry.classNames()
                    : IntStream.range(0, net.numClasses()).mapToObj(i -> "class_" + i).toList();
            out.printf(Locale.ROOT, "%s (%s, %d classes), sampled as %s: %s%n", file.getFileName(),
                    net.architecture().id(), net.numClasses(), entry.name(), protocol.describe());
            VideoClipDataset views = VideoClipDataset.builder()
                    .index(new VideoIndex(List.of(new VideoEntry(video.toString(), source(video), 0)), List.of()))
                    .loader(protocol.testLoader()).views(protocol.views().clips(), protocol.views().crops()).build();
            float[] p = ViewScorer.score(net.network(), views, net.model().getNDManager(), out);
            out.printf(Locale.ROOT, "top-%d of %s:%n", Math.min(top, p.length), video);
            IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble(i -> -p[i])).limit(top)
                    .forEach(i -> out.printf(Locale.ROOT, "  %-40s %.4f%n", names.get(i), p[i]));
        }
    }

    private static ZooEntry matching(ZooCatalogue catalogue, ModelArchitecture arch, int classes) {
        List<ZooEntry> same = catalogue.entries().stream().filter(e -> e.acceptedArchitectures().contains(arch)).toList();
        return same.stream().filter(e -> e.numClasses() == classes).findFirst()
                .or(() -> same.stream().findFirst())
                .orElseThrow(() -> new IllegalArgumentException("no zoo entry of " + arch.id()
                        + " says how to sample its clips; give --like ZOO_NAME"));
    }

    private static VideoSource source(Path video) throws IOException {
        if (!Files.isDirectory(video)) {
            return new VideoSource.VideoFile(video);
        }
        try (Stream<Path> files = Files.list(video)) {
            return new VideoSource.FrameFolder(files.filter(f -> f.toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g"))
                    .sorted().toList());
        }
    }

    private static ai.djl.Device device(String name) {
        return Devices.parse(name);
    }
}
