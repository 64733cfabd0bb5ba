package io.github.vov3d.examples.cli;

import io.github.vov3d.zoo.fetch.FetchOptions;
import io.github.vov3d.zoo.fetch.FetchRequest;
import io.github.vov3d.zoo.fetch.FetchResult;
import io.github.vov3d.zoo.fetch.WeightFetcher;
import io.github.vov3d.zoo.repository.ZooCatalogue;
import io.github.vov3d.zoo.repository.ZooDataset;
import io.github.vov3d.zoo.repository.ZooEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code vov3d zoo}: the published checkpoints — a table of all of them, everything about one,
 * and fetching one into the cache (from its URL, or from a copy downloaded by hand).
 */
final class ZooCommand implements Command {

    @Override
    public String name() {
        return "zoo";
    }

    @Override
    public String usage() {
        return """
                zoo list|info NAME|fetch NAME [options]   the published checkpoints and their weights
                  zoo list [--dataset k400|ssv1|ssv2]   a table with the paper's numbers and cache state
                  zoo info NAME                         everything about one checkpoint
                  zoo fetch NAME [--from PATH|URL]      download (or copy) and verify its weights
                  --cache DIR   cache folder (default: $VOV3D_ZOO_CACHE, else $DJL_CACHE_DIR/vov3d-zoo)
                  --offline     use only the cache and local files (also on with DJL_OFFLINE=true)
                  --from        a local copy, a file: URL or a mirror URL instead of the published one
                  Weights are CC BY-NC 4.0 and fetched from the authors' URLs; no SHA-256 is published,
                  so the digest of the first fetch is recorded and every later use is checked against it.""";
    }

    @Override
    public void run(List<String> args, PrintStream out) throws Exception {
        Arguments a = Arguments.parse(args, Set.of("cache", "from", "dataset"), Set.of("offline"));
        List<String> words = a.positional();
        if (words.isEmpty()) {
            throw new UsageException("say what to do: zoo list, zoo info NAME or zoo fetch NAME");
        }
        ZooCatalogue catalogue = ZooCatalogue.builtIn();
        FetchOptions.Builder options = FetchOptions.builder().progress(new PercentProgress(out));
        a.get("cache").ifPresent(c -> options.cacheDir(Path.of(c)));
        if (a.flag("offline")) {
            options.offline(true);
        }
        WeightFetcher fetcher = new WeightFetcher(options.build());
        switch (words.get(0)) {
            case "list" -> {
                expect(words, 1);
                list(catalogue, a.get("dataset"), fetcher, out);
            }
            case "info" -> {
                expect(words, 2);
                info(entry(catalogue, words.get(1)), fetcher, out);
            }
            case "fetch" -> {
                expect(words, 2);
                fetch(entry(catalogue, words.get(1)), a.get("from"), fetcher, out);
            }
            default -> throw new UsageException("unknown zoo action '" + words.get(0) + "'; use list, info or fetch");
        }
    }

    private static void expect(List<String> words, int n) throws UsageException {
        if (words.size() != n) {
            throw new UsageException(n == 1 ? "zoo " + words.get(0) + " takes no name"
                    : "zoo " + words.get(0) + " needs exactly one checkpoint name (see zoo list)");
        }
    }

    private static ZooEntry entry(ZooCatalogue catalogue, String name) throws UsageException {
        try {
            return catalogue.entry(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static void list(ZooCatalogue catalogue, Optional<String> dataset, WeightFetcher fetcher,
            PrintStream out) throws UsageException {
        List<ZooEntry> entries;
        try {
            entries = dataset.isPresent()
                    ? catalogue.find(Map.of("dataset", ZooDataset.fromId(dataset.get()).id()))
                    : catalogue.entries();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        out.printf(Locale.ROOT, "%-24s %-11s %-5s %6s %-8s %6s %6s %7s %11s %-6s%n", "name", "arch", "data",
                "frames", "pretrain", "top1", "top5", "params", "GFLOPs", "cached");
        for (ZooEntry e : entries) {
            out.printf(Locale.ROOT, "%-24s %-11s %-5s %6d %-8s %6.1f %6.1f %6.1fM %11s %-6s%n", e.name(),
                    e.architecture().id(), e.dataset().id(), e.frames(),
                    e.pretrainedOn().map(ZooDataset::id).orElse("-"), e.paper().top1(), e.paper().top5(),
                    e.paper().millionParameters(), String.format(Locale.ROOT, "%.1fx%d",
                            e.paper().gflopsPerView(), e.views().views()),
                    fetcher.cached(e.fetchRequest()).isPresent() ? "yes" : "no");
        }
        out.println("(paper numbers from the reference README; GFLOPs per view × views; weights CC BY-NC 4.0)");
    }

    private static void info(ZooEntry e, WeightFetcher fetcher, PrintStream out) throws IOException {
        out.printf(Locale.ROOT, "name:          %s%n", e.name());
        out.printf(Locale.ROOT, "architecture:  %s%s%n", e.architecture().id(), e.acceptedArchitectures().size() > 1
                ? " (file may also hold " + e.acceptedArchitectures().subList(1, e.acceptedArchitectures().size()) + ")" : "");
        out.printf(Locale.ROOT, "dataset:       %s, %d classes%s%n", e.dataset().title(), e.numClasses(),
                e.dataset().hasVerifiedClassNames() ? "" : " (official class order not shipped: names are class_<i>)");
        out.printf(Locale.ROOT, "pre-trained:   %s%n", e.pretrainedOn().map(ZooDataset::title).orElse("no (from scratch)"));
        out.printf(Locale.ROOT, "sampling:      %s%n", e.sampling());
        out.printf(Locale.ROOT, "crops:         train %d, test %d; test views %s (%d)%n", e.trainCrop(), e.testCrop(),
                e.views(), e.views().views());
        out.printf(Locale.ROOT, "input:         %s, (x/255 - %.3f) / %.3f%n", e.channelOrder(), e.mean(), e.std());
        out.printf(Locale.ROOT, "paper:         top-1 %.1f, top-5 %.1f, %.1fM params, %.1f GFLOPs x %d views%n",
                e.paper().top1(), e.paper().top5(), e.paper().millionParameters(), e.paper().gflopsPerView(),
                e.views().views());
        out.printf(Locale.ROOT, "source:        %s%n", e.source());
        out.printf(Locale.ROOT, "file:          %s%n", e.fileName());
        out.printf(Locale.ROOT, "licence:       %s%n", e.licence());
        FetchRequest r = e.fetchRequest();
        Optional<String> recorded = fetcher.recordedDigest(r);
        out.printf(Locale.ROOT, "sha256:        %s%n", e.sha256().map(s -> s + " (published)")
                .or(() -> recorded.map(s -> s + " (recorded on first fetch)"))
                .orElse("not published; recorded on first fetch"));
        out.printf(Locale.ROOT, "cached:        %s%n", fetcher.cached(r).map(Path::toString).orElse("no"));
        if (!e.note().isEmpty()) {
            out.printf(Locale.ROOT, "note:          %s%n", e.note());
        }
    }

    private static void fetch(ZooEntry e, Optional<String> from, WeightFetcher fetcher, PrintStream out)
            throws IOException {
        FetchRequest r = e.fetchRequest();
        if (from.isPresent()) {
            r = r.withSource(FetchRequest.toUri(from.get()));
        }
        FetchResult result = fetcher.fetch(r);
        String how = switch (result.origin()) {
            case DOWNLOADED -> "downloaded from " + r.source();
            case COPIED -> "copied from " + r.source();
            case CACHED -> "already cached";
        };
        String trust = switch (result.trust()) {
            case PINNED -> "matches the published SHA-256";
            case RECORDED_NOW -> "no SHA-256 is published: recorded now, later uses are checked against it";
            case RECORDED_EARLIER -> "matches the SHA-256 recorded on its first fetch";
        };
        out.printf(Locale.ROOT, "%s: %s%n  %s%n  sha256 %s (%s)%n", e.name(), how, result.file(), result.sha256(), trust);
    }
}
