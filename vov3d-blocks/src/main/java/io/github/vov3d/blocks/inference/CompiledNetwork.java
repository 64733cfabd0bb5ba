package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.vov3d.blocks.network.VideoNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An inference-only form of a {@link VideoNetwork} with the same function (eval mode) but built
 * for CPU speed: BatchNorms folded into convolutions, each D(2+1)D's depthwise pair fused into
 * one kernel, T-OSA's concatenation replaced by a running sum, activations and the SE gate
 * applied in place, every intermediate freed as soon as it is consumed, and the whole pass run
 * channels-last (the clip is copied once; callers still pass and get channels-first arrays).
 * Where the library's native kernels run ({@link InferenceKernels#NATIVE}), the whole pass is
 * one native program instead, which also fuses the SE gate, Swish and each unit's expansion into
 * the layers around them and reads the clip in place.
 * Created by {@link FastInference#compile}; immutable and safe to share between threads. It owns copies of
 * the folded weights, so it is unaffected by later changes to the source network; close it to
 * free them.
 */
public final class CompiledNetwork implements AutoCloseable {
    private final NDManager weights;
    private final InferenceKernels kernels;
    private final List<String> stageNames;
    private final List<InferenceOp> stages;
    private final FastHead head;
    private final NativeProgram nativePass;

    /**
     * @param nativePass the whole pass as a native program (then every call runs it and {@code
     *     stages} are not used), or null
     */
    CompiledNetwork(NDManager weights, InferenceKernels kernels, List<String> stageNames,
            List<InferenceOp> stages, FastHead head, NativeProgram nativePass) {
        this.weights = weights;
        this.kernels = nativePass != null ? InferenceKernels.NATIVE : kernels;
        this.stageNames = List.copyOf(stageNames);
        this.stages = List.copyOf(stages);
        this.head = head;
        this.nativePass = nativePass;
    }

    /**
     * Eval output, as {@code VideoNetwork.forward(…, false)}: softmax at every head position,
     * averaged over positions.
     *
     * @param clip N×3×T×H×W clip batch (not modified), on the device the network was compiled
     *     on
     * @return N×classes, attached to the clip's manager
     * @throws IllegalArgumentException if the clip is not a 5-D batch, is on another device or
     *     requires a gradient
     */
    public NDArray predict(NDArray clip) {
        return predict(clip, StageObserver.NONE);
    }

    /**
     * @param clip N×3×T×H×W clip batch (not modified)
     * @param observer told the time of every part — each stage, or each residual block when
     *     compiled by {@link FastInference#compileBlockwise} — and of the head
     * @return N×classes, attached to the clip's manager
     */
    public NDArray predict(NDArray clip, StageObserver observer) {
        if (nativePass != null) {
            long[] marks = new long[nativePass.parts()];
            NDArray out = natively(clip, false, marks, head::averagedSoftmax);
            List<String> names = stageNames();
            for (int i = 0; i < marks.length && i < names.size(); i++) {
                observer.stageFinished(names.get(i), marks[i]);
            }
            return out;
        }
        return scoped(clip, features -> {
            long start = System.nanoTime();
            NDArray out = head.averagedSoftmax(closing(features, head.positionLogits(features)));
            observer.stageFinished("head", System.nanoTime() - start);
            return out;
        }, observer);
    }

    /**
     * @param clip N×3×T×H×W clip batch (not modified)
     * @return the last stage's features, attached to the clip's manager
     */
    public NDArray features(NDArray clip) {
        if (nativePass != null) {
            return natively(clip, true, null, x -> closing(x, ChannelsLast.toChannelsFirst(x)));
        }
        return scoped(clip, x -> closing(x, ChannelsLast.toChannelsFirst(x)),
                StageObserver.NONE);
    }

    /**
     * @param clip N×3×T×H×W clip batch (not modified)
     * @return the classifier's logits at every head position, N×T'×H'×W'×classes
     */
    public NDArray positionLogits(NDArray clip) {
        if (nativePass != null) {
            return natively(clip, false, null, UnaryOperator.identity());
        }
        return scoped(clip, features -> closing(features, head.positionLogits(features)),
                StageObserver.NONE);
    }

    /** @return the names of the parts {@link StageObserver} reports, in order */
    public List<String> stageNames() {
        List<String> names = new ArrayList<>(stageNames);
        names.add("head");
        return List.copyOf(names);
    }

    /** @return the number of classes */
    public int numClasses() {
        return head.numClasses();
    }

    /** @return what runs the pointwise convolutions and activations of this network */
    public InferenceKernels kernels() {
        return kernels;
    }

    /** Frees the folded weights, the kernels' modules and the native program. */
    @Override
    public void close() {
        weights.close(); // the kernels and the native program are attached to it
    }

    /**
     * @param input the clip, channels-last (owned: closed as soon as the stem has read it)
     * @return the last stage's features, channels-last
     */
    private NDArray features(NDArray input, StageObserver observer) {
        NDArray y = input;
        for (int i = 0; i < stages.size(); i++) {
            long start = System.nanoTime();
            NDArray next = stages.get(i).apply(y);
            y.close();
            y = next;
            observer.stageFinished(stageNames.get(i), System.nanoTime() - start);
        }
        return y;
    }

    /**
     * Runs the native program on the clip; {@code rest} receives its result (owned) in a
     * sub-manager of the clip's manager, and only what it returns is handed back.
     */
    private NDArray natively(NDArray clip, boolean features, long[] marks,
            UnaryOperator<NDArray> rest) {
        check(clip);
        NDManager home = clip.getManager();
        try (NDManager scope = home.newSubManager()) {
            NDArray result = nativePass.run(clip, features, marks);
            result.attach(scope);
            NDArray out = rest.apply(result);
            out.attach(home);
            return out;
        }
    }

    private void check(NDArray clip) {
        Objects.requireNonNull(clip, "clip");
        if (clip.getShape().dimension() != 5) {
            throw new IllegalArgumentException("expected an N×C×T×H×W clip batch, got "
                    + clip.getShape());
        }
        if (!clip.getDevice().equals(weights.getDevice())) {
            throw new IllegalArgumentException("the clip is on " + clip.getDevice() + " but the "
                    + "network was compiled on " + weights.getDevice() + "; move the clip there "
                    + "or compile the network on the clip's device");
        }
        if (clip.hasGradient()) {
            throw new IllegalArgumentException("the clip requires a gradient, but a compiled "
                    + "network computes no gradients (some of its kernels have none); "
                    + "differentiate through the network's own forward instead");
        }
    }

    private static NDArray closing(NDArray consumed, NDArray result) {
        consumed.close();
        return result;
    }

    /**
     * Runs a pass in a sub-manager of the clip's manager, so every intermediate (each op's
     * result attaches to the manager of its first operand) dies with the pass even if it fails,
     * and hands only the result back to the clip's manager. The clip is copied once into the
     * channels-last layout the compiled ops work in; {@code rest} receives the last stage's
     * channels-last features (owned).
     */
    private NDArray scoped(NDArray clip, UnaryOperator<NDArray> rest, StageObserver observer) {
        check(clip);
        NDManager home = clip.getManager();
        try (NDManager scope = home.newSubManager()) {
            scope.tempAttachAll(clip);
            // a view of the clip when it already is channels-last; closing a view leaves the clip
            NDArray features = features(ChannelsLast.of(clip), observer);
            NDArray out = rest.apply(features);
            out.attach(home);
            return out;
        }
    }
}
