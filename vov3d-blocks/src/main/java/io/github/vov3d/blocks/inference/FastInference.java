package io.github.vov3d.blocks.inference;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.github.vov3d.blocks.ResidualBlock;
import io.github.vov3d.blocks.ResidualStage;
import io.github.vov3d.blocks.TemporalOneShotAggregation;
import io.github.vov3d.blocks.X3DBottleneck;
import io.github.vov3d.blocks.network.VideoNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a trained {@link VideoNetwork} into a {@link CompiledNetwork} for fast CPU inference.
 * Exists because the straightforward network (every layer a DJL block, as written for parity)
 * makes libtorch run its slowest paths: one pass over memory per BatchNorm, two depthwise 3-D
 * convolutions per D(2+1)D on the channels-first layout oneDNN handles worst, a wide
 * concatenation per T-OSA, pointwise convolutions through im2col. The compiled form computes the same
 * eval-mode function (within float rounding) in fewer passes.
 *
 * <p>Every architecture built by this library compiles: VoV3D and X3D blocks take the fast
 * form; a residual branch of any other kind (a custom {@code TransformFactory}) is kept as it is
 * and run in inference mode.
 *
 * <pre>{@code
 * try (CompiledNetwork fast = FastInference.compile(network)) {
 *     NDArray probabilities = fast.predict(clip);
 * }
 * }</pre>
 */
public final class FastInference {
    private static final Logger LOG = LoggerFactory.getLogger(FastInference.class);

    private FastInference() {}

    /**
     * @param network an initialised (or loaded) network; it is read, never modified
     * @return the compiled network, owning copies of the folded weights
     * @throws IllegalStateException if the network is not initialised
     * @throws IllegalArgumentException if its stem or head is not the library's (a residual
     *     branch of any kind compiles), or the system property {@code vov3d.inference.kernels}
     *     is set to something other than {@code auto}, {@code fused} or {@code djl}
     */
    public static CompiledNetwork compile(VideoNetwork network) {
        Device device = device(network);
        return compileAsConfigured(network, () -> NDManager.newBaseManager(device));
    }

    /**
     * Compiles into a sub-manager of {@code owner}, so the folded weights are freed with it (for
     * example a {@code Model}'s manager, when the model runs a {@link CompiledNetworkBlock}).
     *
     * @param network an initialised (or loaded) network; it is read, never modified
     * @param owner the manager whose sub-manager holds the folded weights
     * @return the compiled network; closing it frees the weights earlier
     * @throws IllegalStateException if the network is not initialised
     * @throws IllegalArgumentException if its stem or head is not the library's, or the system
     *     property {@code vov3d.inference.kernels} is set to something other than {@code auto},
     *     {@code fused} or {@code djl}
     */
    public static CompiledNetwork compile(VideoNetwork network, NDManager owner) {
        Device device = device(network);
        return compileAsConfigured(network, () -> owner.newSubManager(device));
    }

    /**
     * Compiles with the kernels asked for instead of the best available: {@link
     * InferenceKernels#DJL_OPS} runs anywhere (for comparisons, or to rule libtorch's kernels out
     * when debugging); {@link InferenceKernels#NATIVE} (the default's first choice), {@link
     * InferenceKernels#LIBTORCH_FUSED} (stages op by op) and {@link
     * InferenceKernels#LIBTORCH_SCRIPTED} fail where they cannot run.
     *
     * @param network an initialised (or loaded) network; it is read, never modified
     * @param kernels what the compiled ops run on
     * @return the compiled network, owning copies of the folded weights
     * @throws IllegalStateException if the network is not initialised, or the kernels asked for
     *     cannot be used here: libtorch's on another engine or device, the native ones where
     *     they do not load, where a block has no native form, or where the program fails its
     *     compile-time check
     * @throws IllegalArgumentException if its stem or head is not the library's
     */
    public static CompiledNetwork compile(VideoNetwork network, InferenceKernels kernels) {
        if (kernels == InferenceKernels.NATIVE) {
            // the other kernels are still chosen: the compile-time check compares with them
            return compileWith(network, NDManager.newBaseManager(device(network)),
                    weights -> KernelSelection.choose(weights, "auto"), StageScripting.Mode.OFF,
                    StageScripting.Mode.REQUIRED, Parts.STAGES);
        }
        boolean scripted = kernels == InferenceKernels.LIBTORCH_SCRIPTED;
        InferenceKernels ops = scripted ? InferenceKernels.LIBTORCH_FUSED : kernels;
        return compileWith(network, NDManager.newBaseManager(device(network)),
                weights -> KernelSelection.require(weights, ops),
                scripted ? StageScripting.Mode.REQUIRED : StageScripting.Mode.OFF,
                StageScripting.Mode.OFF, Parts.STAGES);
    }

    /**
     * Compiles as {@link #compile(VideoNetwork)} does, but with every residual block a part of its
     * own, so that a {@link StageObserver} is told the time of each: {@code s1} (the stem), {@code
     * s2.res0}, {@code s2.res1}, … (stage, then block index within it, as in the upstream
     * checkpoints' {@code s2.pathway0_res1}), {@code head}. For per-block time breakdowns ({@code
     * vov3d bench}); it computes the same function as {@link #compile(VideoNetwork)}, a little
     * slower, because with the stages scripted each block is then one TorchScript call rather than
     * each stage.
     *
     * @param network an initialised (or loaded) network; it is read, never modified
     * @return the compiled network, owning copies of the folded weights
     * @throws IllegalStateException if the network is not initialised
     * @throws IllegalArgumentException as {@link #compile(VideoNetwork)}
     */
    public static CompiledNetwork compileBlockwise(VideoNetwork network) {
        Device device = device(network);
        return compileAsConfigured(network, () -> NDManager.newBaseManager(device), Parts.BLOCKS);
    }

    /**
     * Loads the library's native kernels on first call (unpacking them from the jar into a
     * temporary file) and says whether they can run.
     *
     * @return empty when the library's native kernels ({@link InferenceKernels#NATIVE}) can run
     *     in this process, else why not (platform, CPU, a build without them, a missing {@code
     *     libgomp.so.1}, or the system property {@code vov3d.inference.native} set to {@code
     *     false})
     */
    public static Optional<String> nativeKernelsUnavailableReason() {
        return NativeKernels.unavailableReason();
    }

    /** What a compiled network times and scripts as one part. */
    enum Parts {
        /** The stem, each residual stage, the head (the default). */
        STAGES,
        /** The stem, each residual block, the head. */
        BLOCKS
    }

    private static CompiledNetwork compileAsConfigured(VideoNetwork network,
            Supplier<NDManager> weights) {
        return compileAsConfigured(network, weights, Parts.STAGES);
    }

    /** The setting is checked before the weights' manager exists, so a bad one leaks nothing. */
    private static CompiledNetwork compileAsConfigured(VideoNetwork network,
            Supplier<NDManager> weights, Parts parts) {
        String setting = KernelSelection.setting();
        StageScripting.Mode scripting = KernelSelection.scriptsStages(setting)
                ? StageScripting.Mode.PREFERRED : StageScripting.Mode.OFF;
        // the native program is the default's first choice, not part of an explicit setting
        return compileWith(network, weights.get(), w -> KernelSelection.choose(w, setting),
                scripting, scripting, parts);
    }

    private static Device device(VideoNetwork network) {
        return parameter(network).getArray().getDevice();
    }

    private static Parameter parameter(VideoNetwork network) {
        Parameter any = network.getParameters().values().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("network has no parameters"));
        if (!any.isInitialized()) {
            throw new IllegalStateException("initialise (or load) the network before compiling it");
        }
        return any;
    }

    private static CompiledNetwork compileWith(VideoNetwork network, NDManager weights,
            Function<NDManager, FusedKernels> selection, StageScripting.Mode scripting,
            StageScripting.Mode nativeProgram, Parts parts) {
        FusedKernels kernels;
        try {
            kernels = selection.apply(weights);
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
        return compileInto(network, weights, kernels, scripting, nativeProgram, parts);
    }

    /**
     * {@link #compileInto(VideoNetwork, NDManager, FusedKernels, StageScripting.Mode,
     * StageScripting.Mode, Parts)}, one part per stage, no native program.
     */
    static CompiledNetwork compileInto(VideoNetwork network, NDManager weights,
            FusedKernels kernels, StageScripting.Mode scripting) {
        return compileInto(network, weights, kernels, scripting, StageScripting.Mode.OFF,
                Parts.STAGES);
    }

    /**
     * @param network the network to compile
     * @param weights a fresh manager for the folded weights, owned by the result
     * @param kernels what the compiled ops run with; attached to {@code weights}, so they are
     *     freed with them even where nobody closes the compiled network (a zoo model's block
     *     lives as long as the model's manager)
     * @param scripting whether the stages are written as TorchScript (only ever with libtorch's
     *     kernels)
     * @param nativeProgram whether the whole pass becomes one native program (checked; with
     *     {@code PREFERRED} the other kernels take over where it cannot run)
     * @param parts whether each residual stage or each residual block is one part (one script,
     *     one {@link StageObserver} report)
     * @return the compiled network (on failure both are closed)
     */
    static CompiledNetwork compileInto(VideoNetwork network, NDManager weights,
            FusedKernels kernels, StageScripting.Mode scripting,
            StageScripting.Mode nativeProgram, Parts parts) {
        weights.attachInternal("vov3d-kernels-" + UUID.randomUUID(), kernels);
        try {
            WeightFolder folder = new WeightFolder(weights, kernels);
            ParameterStore store = new ParameterStore(weights, false);
            List<String> names = new ArrayList<>();
            List<InferenceOp> stages = new ArrayList<>();
            names.add("s1");
            FastStem stem = FastStem.compile(network.stem(), folder);
            stages.add(stem);
            int index = 2;
            for (ResidualStage stage : network.stages()) {
                List<InferenceOp> blocks = new ArrayList<>();
                for (ResidualBlock block : stage.blocks()) {
                    blocks.add(residual(block, folder, store));
                }
                String stageName = "s" + index++;
                if (parts == Parts.BLOCKS) {
                    for (int b = 0; b < blocks.size(); b++) {
                        names.add(stageName + ".res" + b);
                        stages.add(blocks.get(b));
                    }
                } else {
                    names.add(stageName);
                    stages.add(new OpSequence(blocks));
                }
            }
            FastHead head = FastHead.compile(network.head(), folder);
            InferenceKernels kind = kernels.kind();
            NativeProgram nativePass = nativeProgram == StageScripting.Mode.OFF ? null
                    : NativeCompilation.compile(stages, head, weights, stem.inputChannels(),
                            nativeProgram == StageScripting.Mode.REQUIRED).orElse(null);
            if (nativePass != null) {
                weights.attachInternal("vov3d-native-" + UUID.randomUUID(), nativePass);
            } else if (scripting != StageScripting.Mode.OFF
                    && kind == InferenceKernels.LIBTORCH_FUSED) {
                try {
                    stages = StageScripting.script(stages, names, weights,
                            stem.inputChannels());
                    kind = InferenceKernels.LIBTORCH_SCRIPTED;
                } catch (IllegalStateException e) {
                    if (scripting == StageScripting.Mode.REQUIRED) {
                        throw new IllegalStateException(e.getMessage() + "; compile with "
                                + "InferenceKernels.LIBTORCH_FUSED to run the stages op by op",
                                e.getCause());
                    }
                    LOG.warn("{}; the stages run op by op instead, correct but slower",
                            e.getMessage());
                }
            }
            return new CompiledNetwork(weights, kind, names, stages, head, nativePass);
        } catch (NotCompilableException e) {
            weights.close();
            throw new IllegalArgumentException("the network cannot be compiled for inference: "
                    + e.getMessage() + "; run it with its own forward (e.g. ScopedForward)", e);
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    private static InferenceOp residual(ResidualBlock block, WeightFolder folder,
            ParameterStore store) {
        ChildBlocks c = ChildBlocks.of(block);
        FoldedConv projection = block.hasProjection()
                ? folder.convBn(c.get("branch1"), c.get("branch1_bn"))
                : null;
        return new FastResidualBlock(projection, transform(block.transform(), folder, store),
                folder.kernels());
    }

    private static InferenceOp transform(Block transform, WeightFolder folder, ParameterStore store) {
        try {
            if (transform instanceof TemporalOneShotAggregation tosa) {
                return FastTemporalOneShotAggregation.compile(tosa, folder);
            }
            if (transform instanceof X3DBottleneck bottleneck) {
                return FastX3DBottleneck.compile(bottleneck, folder);
            }
        } catch (NotCompilableException e) {
            // an unusual configuration of a known block: keep it as it is (below)
        }
        return new GenericBlockOp(transform, store);
    }
}
