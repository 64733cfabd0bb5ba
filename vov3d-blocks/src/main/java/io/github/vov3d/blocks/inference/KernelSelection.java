package io.github.vov3d.blocks.inference;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the {@link FusedKernels} a compiled network runs with: libtorch's oneDNN kernels
 * ({@link TorchScriptKernels}, small steps routed to DJL's ops by {@link SizeRoutedKernels})
 * when the weights live on the PyTorch engine's CPU and every module loads and agrees with
 * DJL's ops on a check; DJL's own ops otherwise. The check runs each module on a small product
 * and on one of VoV3D-M's sizes, so a libtorch without the operators (another build, another
 * version), or with ones broken at those sizes, costs a warning instead of a failed or wrong
 * pass; sizes it does not try are covered by the tests, not at run time.
 *
 * <p>The system property {@value #PROPERTY} chooses: {@code auto} (the default) as above, with
 * each stage then written as one TorchScript function ({@link StageScripting}); {@code fused}
 * the same kernels with the stages run op by op; {@code djl} DJL's ops (for comparisons, or to
 * rule libtorch's kernels out when debugging).
 */
final class KernelSelection {
    /** System property: {@code auto} (the default), {@code fused} or {@code djl}. */
    static final String PROPERTY = "vov3d.inference.kernels";

    private static final Logger LOG = LoggerFactory.getLogger(KernelSelection.class);
    private static final float TOLERANCE = 1e-4f;

    private KernelSelection() {}

    /** @return the system property's setting, {@code auto} when unset */
    static String setting() {
        return System.getProperty(PROPERTY, "auto");
    }

    /**
     * @param setting a value of the system property
     * @return whether it asks for the stages written as TorchScript (where the kernels allow)
     */
    static boolean scriptsStages(String setting) {
        return mode(setting).equals("auto");
    }

    /**
     * @param weights the compiled network's manager (its engine and device decide)
     * @param setting {@code auto}, {@code fused} (libtorch's kernels where available, either
     *     way) or {@code djl} (case and surrounding blanks ignored)
     * @return the kernels to use; the caller owns them
     * @throws IllegalArgumentException for any other setting
     */
    static FusedKernels choose(NDManager weights, String setting) {
        if (mode(setting).equals("djl")) {
            return DjlKernels.INSTANCE;
        }
        if (!fusedApplies(weights)) {
            return DjlKernels.INSTANCE;
        }
        try {
            return loadFused(weights);
        } catch (IllegalStateException e) {
            LOG.warn("{}; the compiled network runs on DJL's ops instead, correct but slower",
                    e.getMessage());
            return DjlKernels.INSTANCE;
        }
    }

    /**
     * @param weights the compiled network's manager
     * @param kind the kernels asked for
     * @return those kernels; the caller owns them
     * @throws IllegalStateException if libtorch's kernels were asked for and cannot be used here
     */
    static FusedKernels require(NDManager weights, InferenceKernels kind) {
        Objects.requireNonNull(kind, "kind");
        if (kind == InferenceKernels.DJL_OPS) {
            return DjlKernels.INSTANCE;
        }
        if (!fusedApplies(weights)) {
            throw new IllegalStateException("libtorch's fused kernels run on the "
                    + TorchScriptKernels.ENGINE + " engine's CPU; these weights are on "
                    + weights.getEngine().getEngineName() + " " + weights.getDevice()
                    + " (compile with InferenceKernels.DJL_OPS there)");
        }
        try {
            return loadFused(weights);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; compile with "
                    + "InferenceKernels.DJL_OPS, or with FastInference.compile(network), which "
                    + "falls back to them", e.getCause());
        }
    }

    private static String mode(String setting) {
        String mode = setting.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("auto") && !mode.equals("fused") && !mode.equals("djl")) {
            throw new IllegalArgumentException("system property " + PROPERTY + " is '" + setting
                    + "'; use 'auto' (each stage one TorchScript function on libtorch's fused "
                    + "kernels where available), 'fused' (those kernels, op by op) or 'djl'");
        }
        return mode;
    }

    private static boolean fusedApplies(NDManager weights) {
        return TorchScriptKernels.ENGINE.equals(weights.getEngine().getEngineName())
                && Device.Type.CPU.equals(weights.getDevice().getDeviceType());
    }

    /**
     * Loads libtorch's kernels on the weights' device and checks every module.
     *
     * @return the kernels, small steps routed to DJL's ops
     * @throws IllegalStateException naming what failed when they cannot be loaded or check
     */
    private static FusedKernels loadFused(NDManager weights) {
        TorchScriptKernels fused = null;
        try {
            fused = TorchScriptKernels.load(weights.getDevice());
            // every module runs here once, so later (possibly concurrent) calls find them set up
            verify(fused, weights);
            return SizeRoutedKernels.measured(fused);
        } catch (Exception e) {
            if (fused != null) {
                fused.close();
            }
            throw new IllegalStateException("libtorch's fused CPU kernels are not usable here ("
                    + e + ")", e);
        }
    }

    /**
     * Runs every step of {@code candidate} on small random arrays and compares it with DJL's
     * ops.
     *
     * @param candidate the kernels to check
     * @param manager where the check's arrays live (freed before returning)
     * @throws IllegalStateException if a step disagrees by more than {@value #TOLERANCE}
     */
    static void verify(FusedKernels candidate, NDManager manager) {
        FusedKernels reference = DjlKernels.INSTANCE;
        try (NDManager m = manager.newSubManager()) {
            // a small product, and one at VoV3D-M's size where oneDNN's 1×1 convolution is wrong
            int[][] sizes = {{37, 24, 20}, {16 * 28 * 28, 80, 40}};
            for (int[] size : sizes) {
                NDArray rows = m.randomNormal(new Shape(size[0], size[1]));
                NDArray weight = m.randomNormal(0f, 0.2f, new Shape(size[2], size[1]),
                        rows.getDataType());
                NDArray bias = m.randomNormal(new Shape(size[2]));
                NDArray addend = m.randomNormal(new Shape(size[0], size[2]));
                for (int form = 0; form < 4; form++) {
                    NDArray add = form >= 2 ? addend : null;
                    boolean relu = form % 2 == 1;
                    compare("linear" + (add != null ? "+add" : "") + (relu ? "+relu" : "")
                            + " " + size[0] + "×" + size[1] + "→" + size[2],
                            candidate.linear(rows, weight, bias, add, relu),
                            reference.linear(rows, weight, bias, add, relu));
                }
            }
            // activations small and at a size the routed kernels send to libtorch (2^20)
            for (NDArray y : List.of(m.randomNormal(new Shape(37, 20)),
                    m.randomNormal(new Shape(1 << 10, 1 << 10)))) {
                compare("relu", candidate.relu(y.duplicate()), reference.relu(y.duplicate()));
                compare("swish", candidate.swish(y.duplicate()), reference.swish(y.duplicate()));
            }
        }
    }

    private static void compare(String step, NDArray actual, NDArray expected) {
        if (!actual.getShape().equals(expected.getShape())) {
            throw new IllegalStateException(step + " returned shape " + actual.getShape()
                    + ", expected " + expected.getShape());
        }
        actual.muli(1f); // the compiled ops update owned results in place; that must work
        float error = actual.sub(expected).abs().max().getFloat();
        if (!(error <= TOLERANCE)) {
            throw new IllegalStateException(step + " differs from DJL's ops by " + error);
        }
    }
}
