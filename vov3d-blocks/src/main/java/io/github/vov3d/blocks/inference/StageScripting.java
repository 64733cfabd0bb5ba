package io.github.vov3d.blocks.inference;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns a compiled network's stages into {@link ScriptedStage}s: each stage whose ops all have a
 * TorchScript form is written as one generated function ({@link TorchScriptWriter}), loaded
 * with DJL's PyTorch engine and attached to the compiled network's weights, so the modules are
 * freed with them. A stage with a block the compiler does not know keeps running op by op.
 */
final class StageScripting {
    /** How a compile treats stage scripting. */
    enum Mode {
        /** Stages run op by op. */
        OFF,
        /** Stages are scripted; if that fails, a warning and op by op. */
        PREFERRED,
        /** Stages are scripted; if that fails, the compile fails. */
        REQUIRED
    }

    private StageScripting() {}

    /**
     * @param stages the compiled stages, op by op
     * @param weights the compiled network's manager: its device, and the owner of the modules
     * @param minFusedMacs the smallest pointwise product the scripts send to oneDNN
     * @return the stages, every scriptable one replaced by its scripted form
     * @throws IllegalStateException if a script cannot be written or loaded (nothing is attached
     *     to {@code weights} then)
     */
    static List<InferenceOp> script(List<InferenceOp> stages, NDManager weights,
            long minFusedMacs) {
        List<TorchScriptArchive> archives = new ArrayList<>();
        List<List<NDArray>> inputs = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            InferenceOp stage = stages.get(i);
            if (stage.scriptable()) {
                TorchScriptWriter out = new TorchScriptWriter(minFusedMacs);
                String result = stage.emit(out, "x");
                archives.add(new TorchScriptArchive("Vov3dStage" + (i + 1), out.source(result)));
                inputs.add(out.weights());
                positions.add(i);
            }
        }
        List<Model> modules;
        try {
            modules = TorchScriptLoader.load(weights.getDevice(), archives);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new IllegalStateException("the compiled stages could not be loaded as "
                    + "TorchScript (" + e + ")", e);
        }
        List<InferenceOp> result = new ArrayList<>(stages);
        for (int k = 0; k < modules.size(); k++) {
            Model module = modules.get(k);
            weights.attachInternal("vov3d-stage-" + UUID.randomUUID(), module);
            for (NDArray w : inputs.get(k)) {
                w.setName(TorchScriptWriter.WEIGHTS_NAME);
            }
            result.set(positions.get(k), new ScriptedStage(module, inputs.get(k)));
        }
        return result;
    }
}
