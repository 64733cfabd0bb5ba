package io.github.vov3d.blocks.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.github.vov3d.blocks.Nonlinearity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link FusedKernels} on libtorch's own CPU kernels, reached through small TorchScript modules
 * that this class generates and loads with DJL's PyTorch engine (nothing but {@code ai.djl}
 * API is used; the engine is found by name). Why: the compiled pass spends a third of its time
 * in the pointwise convolutions, and libtorch has a faster form than the {@code addmm} DJL's
 * API leads to — oneDNN's inner product ({@code mkldnn::_linear_pointwise}), which runs
 * AVX-512 on CPUs where libtorch's MKL keeps to AVX2, and fuses the following ReLU or residual
 * sum into the same pass (measured on VoV3D's shapes: 1.0–2.0× faster per convolution; a sum
 * and a ReLU together are the fused sum followed by an in-place ReLU, the binary form taking
 * no second post-op). ReLU and Swish run in place ({@code relu_}, {@code silu_}) instead of
 * writing a fresh array.
 *
 * <p>Every step goes to libtorch, whatever its size; {@link SizeRoutedKernels} keeps small
 * ones on DJL's ops. oneDNN's inner product is a different kernel from its 1×1 convolution,
 * which libtorch 2.7.1 gets wrong on channels-last input at some of VoV3D's sizes (see {@link
 * FoldedConv}); {@link KernelSelection} runs every module against {@link DjlKernels} before
 * use, and the golden parity tests run whole networks through these kernels.
 */
final class TorchScriptKernels implements FusedKernels {
    /** The engine whose kernels these are. */
    static final String ENGINE = TorchScriptLoader.ENGINE;

    /** One generated module per step; each is a {@code forward} over tensors only. */
    enum Step {
        LINEAR("x: Tensor, w: Tensor, b: Tensor",
                TorchScriptWriter.fusedLinear("x", null, "w", "b", false)),
        LINEAR_RELU("x: Tensor, w: Tensor, b: Tensor",
                TorchScriptWriter.fusedLinear("x", null, "w", "b", true)),
        LINEAR_ADD("x: Tensor, other: Tensor, w: Tensor, b: Tensor",
                TorchScriptWriter.fusedLinear("x", "other", "w", "b", false)),
        LINEAR_ADD_RELU("x: Tensor, other: Tensor, w: Tensor, b: Tensor",
                TorchScriptWriter.fusedLinear("x", "other", "w", "b", true)),
        RELU_IN_PLACE("x: Tensor", TorchScriptWriter.inPlace(Nonlinearity.RELU, "x")),
        SWISH_IN_PLACE("x: Tensor", TorchScriptWriter.inPlace(Nonlinearity.SWISH, "x"));

        private final String parameters;
        private final String expression;

        Step(String parameters, String expression) {
            this.parameters = parameters;
            this.expression = expression;
        }

        TorchScriptArchive archive() {
            String name = "Vov3d" + name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT)
                    .replace("_", "");
            return new TorchScriptArchive(name, "def forward(self, " + parameters
                    + ") -> Tensor:\n  return " + expression + "\n");
        }
    }

    private final Map<Step, Model> modules;
    private final ParameterStore store;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TorchScriptKernels(Map<Step, Model> modules, NDManager manager) {
        this.modules = modules;
        this.store = new ParameterStore(manager, false);
    }

    /**
     * Generates the modules in a private temporary directory, loads them on {@code device} and
     * deletes the files again.
     *
     * @param device the device the compiled network runs on (a CPU)
     * @return the kernels; close them to free the modules
     * @throws IOException if the archives cannot be written
     * @throws MalformedModelException if the engine refuses an archive (e.g. an operator this
     *     libtorch does not have)
     * @throws ai.djl.engine.EngineException if the PyTorch engine is not available
     */
    static TorchScriptKernels load(Device device) throws IOException, MalformedModelException {
        List<TorchScriptArchive> archives = new ArrayList<>();
        for (Step step : Step.values()) {
            archives.add(step.archive());
        }
        List<Model> models = TorchScriptLoader.load(device, archives);
        Map<Step, Model> loaded = new EnumMap<>(Step.class);
        for (Step step : Step.values()) {
            loaded.put(step, models.get(step.ordinal()));
        }
        return new TorchScriptKernels(loaded, loaded.get(Step.LINEAR).getNDManager());
    }

    @Override
    public NDArray linear(NDArray rows, NDArray weight, NDArray bias, NDArray addend,
            boolean relu) {
        if (addend == null) {
            return run(relu ? Step.LINEAR_RELU : Step.LINEAR, rows, weight, bias);
        }
        return run(relu ? Step.LINEAR_ADD_RELU : Step.LINEAR_ADD, rows, addend, weight, bias);
    }

    /** In place: the result shares {@code y}'s storage, and {@code y}'s handle is closed. */
    @Override
    public NDArray relu(NDArray y) {
        return consumed(y, run(Step.RELU_IN_PLACE, y));
    }

    /** In place, like {@link #relu}. */
    @Override
    public NDArray swish(NDArray y) {
        return consumed(y, run(Step.SWISH_IN_PLACE, y));
    }

    @Override
    public InferenceKernels kind() {
        return InferenceKernels.LIBTORCH_FUSED;
    }

    /** @return whether the modules have been closed */
    boolean isClosed() {
        return closed.get();
    }

    /** Closes the modules; idempotent (the owning manager may close these kernels too). */
    @Override
    public void close() {
        if (!closed.getAndSet(true)) {
            modules.values().forEach(Model::close);
        }
    }

    /**
     * Result arrays attach to the manager of the first input, as DJL's own ops do. The modules
     * run in DJL's training mode on purpose: in inference mode DJL calls them under libtorch's
     * {@code InferenceMode}, whose results refuse the in-place updates the compiled ops (and
     * callers) make afterwards. No input requires a gradient, so no graph is recorded.
     */
    private NDArray run(Step step, NDArray... inputs) {
        return modules.get(step).getBlock().forward(store, new NDList(inputs), true)
                .singletonOrThrow();
    }

    private static NDArray consumed(NDArray input, NDArray result) {
        input.close();
        return result;
    }
}
