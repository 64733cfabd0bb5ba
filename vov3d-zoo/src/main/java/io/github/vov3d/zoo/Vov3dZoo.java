package io.github.vov3d.zoo;

import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.util.ProgressBar;
import io.github.vov3d.zoo.fetch.FetchOptions;
import io.github.vov3d.zoo.fetch.FetchResult;
import io.github.vov3d.zoo.fetch.WeightFetcher;
import io.github.vov3d.zoo.repository.ZooCatalogue;
import io.github.vov3d.zoo.repository.ZooEntry;
import io.github.vov3d.zoo.repository.ZooModels;
import java.io.IOException;
import java.util.Optional;

/**
 * The common case in one call: a published checkpoint by name, ready to classify clips.
 *
 * <pre>{@code
 * try (ZooModel<NDArray, Classifications> model = Vov3dZoo.load("vov3d_l_ssv2_f32_k400");
 *      Predictor<NDArray, Classifications> predictor = model.newPredictor()) {
 *     Classifications top5 = predictor.predict(clip); // clip: T×H×W×3 RGB, 0-255, cropped
 * }
 * }</pre>
 *
 * Weights are fetched once into the cache (see {@link FetchOptions}) and verified on every
 * load. For filters, devices or custom translators use DJL's {@code Criteria} with group id
 * {@value io.github.vov3d.zoo.repository.Vov3dModelZoo#GROUP_ID} instead.
 */
public final class Vov3dZoo {
    private Vov3dZoo() {}

    /** @return every checkpoint of the reference README */
    public static ZooCatalogue catalogue() {
        return ZooCatalogue.builtIn();
    }

    /**
     * @param name a checkpoint name, e.g. {@code vov3d_l_k400} ({@code vov3d zoo list})
     * @return the model with a clip → top-5 translator; close it when done
     * @throws IOException if fetching or loading fails
     * @throws IllegalArgumentException if no checkpoint has that name
     */
    public static ZooModel<NDArray, Classifications> load(String name) throws IOException {
        return load(name, FetchOptions.builder().progress(new ProgressBar()).build());
    }

    /**
     * @param name a checkpoint name
     * @param options cache, offline mode, retries, progress
     * @return the model with a clip → top-5 translator; close it when done
     * @throws IOException if fetching or loading fails
     */
    public static ZooModel<NDArray, Classifications> load(String name, FetchOptions options) throws IOException {
        return load(catalogue(), name, options);
    }

    /**
     * @param catalogue where to look the name up
     * @param name a checkpoint name
     * @param options cache, offline mode, retries, progress
     * @return the model with a clip → top-5 translator; close it when done
     * @throws IOException if fetching or loading fails
     */
    public static ZooModel<NDArray, Classifications> load(ZooCatalogue catalogue, String name,
            FetchOptions options) throws IOException {
        ZooEntry entry = catalogue.entry(name);
        return ZooModels.load(entry, new WeightFetcher(options), Optional.empty(), 5, Optional.empty());
    }

    /**
     * @param name a checkpoint name
     * @param options cache, offline mode, retries, progress
     * @return the verified file in the cache
     * @throws IOException if fetching fails
     */
    public static FetchResult fetch(String name, FetchOptions options) throws IOException {
        return new WeightFetcher(options).fetch(catalogue().entry(name).fetchRequest());
    }
}
