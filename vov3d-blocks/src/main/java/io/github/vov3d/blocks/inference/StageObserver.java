package io.github.vov3d.blocks.inference;

/**
 * Told how long each top-level part of a compiled forward pass took ({@code s1}, {@code s2} …,
 * {@code head}; each residual block, {@code s2.res0} …, in a network compiled by {@link
 * FastInference#compileBlockwise}), for time breakdowns without a profiler. CPU execution is
 * synchronous, so wall time around a part is that part's cost.
 */
@FunctionalInterface
public interface StageObserver {
    /** An observer that ignores everything. */
    StageObserver NONE = (stage, nanos) -> {};

    /**
     * @param stage the part's reference name
     * @param nanos wall time spent in it
     */
    void stageFinished(String stage, long nanos);
}
