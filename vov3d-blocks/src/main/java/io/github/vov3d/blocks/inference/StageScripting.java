package io.github.vov3d.blocks.inference;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns a compiled network's stages into {@link ScriptedStage}s: each stage whose ops all have a
 * TorchScript form is written as one generated function ({@link TorchScriptWriter}), loaded
 * with DJL's PyTorch engine and attached to the compiled network's weights, so the modules are
 * freed with them. A stage with a block the compiler does not know keeps running op by op.
 *
 * <p>The scripts are run twice on a small zero clip before the compile returns. libtorch's
 * executor profiles a function's first call and optimises it on the second (VoV3D-M: about a
 * quarter of a second together); done here, it is part of the compile instead of the first two
 * predictions, and the optimised form serves clips of any size.
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
     * @param stages the compiled stages (or blocks), op by op
     * @param names their names ({@code s1}, {@code s2} … or {@code s2.res0} …), for messages
     * @param weights the compiled network's manager: its device, and the owner of the modules
     * @param inputChannels the channels of the clips the first stage reads
     * @return the stages, every scriptable one replaced by its scripted form
     * @throws IllegalStateException if a script cannot be written, loaded or run (nothing is
     *     attached to {@code weights} then)
     */
    static List<InferenceOp> script(List<InferenceOp> stages, List<String> names,
            NDManager weights, long inputChannels) {
        if (names.size() != stages.size()) {
            throw new IllegalArgumentException(stages.size() + " stages but names " + names);
        }
        List<TorchScriptArchive> archives = new ArrayList<>();
        List<List<NDArray>> inputs = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            InferenceOp stage = stages.get(i);
            if (stage.scriptable()) {
                TorchScriptWriter out = new TorchScriptWriter();
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
        List<NDArray> aliases = new ArrayList<>();
        boolean done = false;
        try {
            List<InferenceOp> result = new ArrayList<>(stages);
            for (int k = 0; k < modules.size(); k++) {
                List<NDArray> named = new ArrayList<>();
                for (NDArray w : inputs.get(k)) {
                    // a view of its own carries the name the engine groups by; the weight array
                    // itself stays unnamed, as the op-by-op kernels (a fallback) need it
                    NDArray alias = w.reshape(w.getShape());
                    alias.setName(TorchScriptWriter.WEIGHTS_NAME);
                    aliases.add(alias);
                    named.add(alias);
                }
                result.set(positions.get(k), new ScriptedStage(modules.get(k), named));
            }
            warmUp(result, names, weights, inputChannels);
            for (Model module : modules) {
                weights.attachInternal("vov3d-stage-" + UUID.randomUUID(), module);
            }
            done = true;
            return result;
        } finally {
            if (!done) {
                modules.forEach(Model::close);
                aliases.forEach(NDArray::close);
            }
        }
    }

    /**
     * Two passes of a 1×4×32×32 zero clip through the stages: small enough to cost little, large
     * enough for any stack of stride-2 stages (a 1×1 map stays 1×1). A stage run op by op that
     * refuses so small a clip (a custom block with a minimum size) ends the pass there without
     * an error; the scripts after it then warm up on the first predictions instead.
     *
     * @throws IllegalStateException naming the stage when a script fails
     */
    private static void warmUp(List<InferenceOp> stages, List<String> names, NDManager weights,
            long inputChannels) {
        try (NDManager probe = weights.newSubManager()) {
            NDArray clip = probe.zeros(new Shape(1, 4, 32, 32, inputChannels));
            for (int pass = 0; pass < 2; pass++) {
                NDArray y = clip;
                for (int i = 0; i < stages.size() && y != null; i++) {
                    InferenceOp stage = stages.get(i);
                    NDArray next;
                    try {
                        next = stage.apply(y);
                    } catch (RuntimeException e) {
                        if (stage instanceof ScriptedStage) {
                            throw new IllegalStateException("compiled part " + names.get(i)
                                    + " failed as TorchScript on a 1×4×32×32 clip (" + e + ")",
                                    e);
                        }
                        next = null;
                    }
                    if (y != clip) {
                        y.close();
                    }
                    y = next;
                }
                if (y != null && y != clip) {
                    y.close();
                }
            }
        }
    }
}
