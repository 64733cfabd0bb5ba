package io.github.vov3d.zoo.repository;

import ai.djl.Application;
import ai.djl.Device;
import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Progress;
import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.zoo.LoadedNetwork;
import io.github.vov3d.zoo.fetch.FetchOptions;
import io.github.vov3d.zoo.fetch.WeightFetcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * DJL's view of one architecture's checkpoints: the artifact id is the architecture id
 * ({@code vov3d_l}, {@code x3d_m}…) and {@code Criteria} filters pick the entry
 * ({@code dataset}, {@code frames}, {@code pretrained}, {@code name}). Exactly one entry must
 * match: an ambiguous request is refused with the names that would settle it, rather than
 * silently taking the first.
 *
 * <p>Supported types: {@code NDArray → Classifications} (a clip, see
 * {@link ClipClassificationTranslator}), {@code NDList → NDList} (the network's probabilities
 * for a normalised {@code N×3×T×H×W} batch), or any types with the caller's own translator.
 * Criteria arguments: {@code topK} (default 5), {@code offline} ({@code true}/{@code false}),
 * {@code cacheDir} (a folder), {@code classNames} (a file, one name per line).
 */
final class ArchitectureModelLoader implements ModelLoader {
    private final ModelArchitecture architecture;
    private final List<ZooEntry> entries;
    private final FetchOptions fetchOptions;

    ArchitectureModelLoader(ModelArchitecture architecture, List<ZooEntry> entries, FetchOptions fetchOptions) {
        this.architecture = architecture;
        this.entries = List.copyOf(entries);
        this.fetchOptions = fetchOptions;
    }

    @Override
    public String getGroupId() {
        return Vov3dModelZoo.GROUP_ID;
    }

    @Override
    public String getArtifactId() {
        return architecture.id();
    }

    @Override
    public Application getApplication() {
        return Application.CV.ACTION_RECOGNITION;
    }

    @Override
    public MRL getMrl() {
        Repository repo = Repository.newInstance("vov3d-zoo", fetchOptions.cacheDir().resolve("weights"));
        return MRL.model(repo, getApplication(), getGroupId(), getArtifactId(), "0.1.0", architecture.id());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria)
            throws IOException, ModelNotFoundException {
        ZooEntry entry = select(criteria);
        Class<I> in = criteria.getInputClass();
        Class<O> out = criteria.getOutputClass();
        TranslatorFactory factory = criteria.getTranslatorFactory();
        boolean own = factory != null && factory.isSupported(in, out);
        boolean clip = in == NDArray.class && out == Classifications.class;
        boolean raw = in == NDList.class && out == NDList.class;
        if (!own && !clip && !raw) {
            throw new ModelNotFoundException("the VoV3D zoo translates NDArray (a T×H×W×3 clip) to "
                    + "Classifications, or NDList to NDList; for " + in.getSimpleName() + " → "
                    + out.getSimpleName() + " pass your own translator (Criteria.optTranslator)");
        }
        Map<String, Object> args = criteria.getArguments() == null ? Map.of() : criteria.getArguments();
        WeightFetcher fetcher = new WeightFetcher(fetchOptions(args, criteria.getProgress()));
        Optional<Device> device = Optional.ofNullable(criteria.getDevice());
        if (clip && !own) {
            Optional<List<String>> names = args.containsKey("classNames")
                    ? Optional.of(ZooModels.readClassNames(Path.of(args.get("classNames").toString()), entry))
                    : Optional.empty();
            return (ZooModel<I, O>) ZooModels.load(entry, fetcher, device, intArgument(args, "topK", 5), names);
        }
        LoadedNetwork net = ZooModels.loadNetwork(entry, fetcher, device);
        try {
            Translator<I, O> translator = own
                    ? factory.newInstance(in, out, net.model(), args)
                    : (Translator<I, O>) new NoopTranslator();
            return new ZooModel<>(net.model(), translator);
        } catch (TranslateException | RuntimeException e) {
            net.close();
            throw new ModelNotFoundException("the given translator factory failed for " + entry.name(), e);
        }
    }

    @Override
    public <I, O> boolean isDownloaded(Criteria<I, O> criteria) throws ModelNotFoundException {
        ZooEntry entry = select(criteria);
        return new WeightFetcher(fetchOptions(criteria.getArguments(), null)).cached(entry.fetchRequest()).isPresent();
    }

    @Override
    public <I, O> void downloadModel(Criteria<I, O> criteria, Progress progress)
            throws IOException, ModelNotFoundException {
        ZooEntry entry = select(criteria);
        new WeightFetcher(fetchOptions(criteria.getArguments(), progress)).fetch(entry.fetchRequest());
    }

    /** @return the one entry the criteria's filters select */
    ZooEntry select(Criteria<?, ?> criteria) throws ModelNotFoundException {
        Map<String, String> filters = criteria.getFilters() == null ? Map.of() : criteria.getFilters();
        List<ZooEntry> matching = entries.stream().filter(e -> e.matches(filters)).toList();
        if (matching.size() == 1) {
            return matching.get(0);
        }
        String listed = entries.stream().map(e -> e.name() + " " + e.properties())
                .collect(Collectors.joining("; "));
        if (matching.isEmpty()) {
            throw new ModelNotFoundException("no " + architecture.id() + " checkpoint matches the filters "
                    + filters + "; available: " + listed);
        }
        throw new ModelNotFoundException(matching.size() + " " + architecture.id() + " checkpoints match "
                + filters + " (" + matching.stream().map(ZooEntry::name).collect(Collectors.joining(", "))
                + "); add filters (dataset, frames, pretrained) or optFilter(\"name\", ...) to pick one");
    }

    private FetchOptions fetchOptions(Map<String, Object> args, Progress progress) {
        FetchOptions.Builder b = fetchOptions.toBuilder();
        if (args != null && args.containsKey("offline")) {
            b.offline(Boolean.parseBoolean(args.get("offline").toString()));
        }
        if (args != null && args.containsKey("cacheDir")) {
            b.cacheDir(Path.of(args.get("cacheDir").toString()));
        }
        if (progress != null) {
            b.progress(progress);
        }
        return b.build();
    }

    private static int intArgument(Map<String, Object> args, String key, int fallback) {
        Object v = args == null ? null : args.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Criteria argument " + key + " must be an integer, got " + v);
        }
    }
}
