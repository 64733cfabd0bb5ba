package io.github.vov3d.zoo.repository;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;

/**
 * Registers {@link Vov3dModelZoo} with DJL, so {@code Criteria.optGroupId("io.github.vov3d")}
 * finds it. Declared with {@code provides} in {@code module-info.java} (module path) and in
 * {@code META-INF/services} (class path). Fetch options come from the environment
 * ({@link io.github.vov3d.zoo.fetch.FetchOptions#defaults()}).
 */
public final class Vov3dZooProvider implements ZooProvider {

    /** Public no-argument constructor for the service loader. */
    public Vov3dZooProvider() {}

    @Override
    public ModelZoo getModelZoo() {
        return Vov3dModelZoo.builtIn();
    }
}
