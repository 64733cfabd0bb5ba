package io.github.vov3d.train;

/** The learning-rate curves of the reference configs (PySlowFast's {@code SOLVER.LR_POLICY}). */
public enum LrPolicy {
    /** Half a cosine from the base rate down to the end rate over all epochs. */
    COSINE,
    /** Piecewise constant: base rate × the factor of the last step boundary passed. */
    STEPS
}
