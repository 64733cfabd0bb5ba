package io.github.vov3d.blocks.inference;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * A compiled stage run as one generated TorchScript function ({@link TorchScriptWriter}): one
 * call into libtorch per stage instead of one per operator. It computes what the stage's ops
 * compute — the same function, to float rounding (in a script every stage product and
 * activation takes libtorch's fused or in-place form, where op by op small ones take DJL's).
 */
final class ScriptedStage implements InferenceOp {
    private final Model module;
    private final List<NDArray> weights;
    private final ParameterStore store;

    /**
     * @param module the loaded module (closed by whoever owns the compiled network's weights)
     * @param weights the arrays its {@code forward} reads, in order, each named {@value
     *     TorchScriptWriter#WEIGHTS_NAME} so the engine passes them as one list
     */
    ScriptedStage(Model module, List<NDArray> weights) {
        this.module = module;
        this.weights = List.copyOf(weights);
        this.store = new ParameterStore(module.getNDManager(), false);
    }

    /**
     * Runs in DJL's training mode for the reason {@link TorchScriptKernels} does: results made
     * under libtorch's {@code InferenceMode} refuse later in-place updates. Nothing requires a
     * gradient, so no graph is recorded. The result attaches to the input's manager.
     */
    @Override
    public NDArray apply(NDArray x) {
        NDList inputs = new NDList(weights.size() + 1);
        inputs.add(x);
        inputs.addAll(weights);
        return module.getBlock().forward(store, inputs, true).singletonOrThrow();
    }
}
