package io.github.vov3d.blocks.inference;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a compiled network's parts as one {@link NativeProgram} and checks it before it is
 * used: the program's last-stage features of two small random clips must match the compiled
 * ops' own (run on the engine's kernels) to float rounding, so a CPU, compiler or library the
 * kernels were not tested on costs a warning and the engine's kernels rather than a wrong stage
 * (the head, whose pool needs a full-size clip, is left to the tests).
 */
final class NativeCompilation {
    private static final Logger LOG = LoggerFactory.getLogger(NativeCompilation.class);
    /**
     * The check's clips: two (each clip's SE gate and frames are its own), 4 frames of 64×64
     * (every stride of the library's networks passes, down to 2×2 maps).
     */
    private static final int CHECK_BATCH = 2;
    private static final int CHECK_FRAMES = 4;
    private static final int CHECK_SIZE = 64;
    /** Allowed difference, relative to the features' largest magnitude (at least 1). */
    private static final float TOLERANCE = 1e-3f;

    private NativeCompilation() {}

    /**
     * @param parts the stem, then every stage or block, in order (as compiled)
     * @param head the compiled head
     * @param weights the compiled network's manager (device and check arrays)
     * @param channels the clip channels the stem reads
     * @param required whether failing to compile or check is an error rather than a warning
     * @return the checked program, or empty where it cannot run here (logged)
     * @throws IllegalStateException if {@code required} and the program cannot be used
     */
    static Optional<NativeProgram> compile(List<InferenceOp> parts, FastHead head,
            NDManager weights, long channels, boolean required) {
        String reason = why(parts, head, weights).orElse(null);
        RuntimeException failure = null;
        NativeProgram program = null;
        if (reason == null) {
            try {
                program = NativeProgram.load(write(parts, head));
                check(program, parts, weights, channels);
                return Optional.of(program);
            } catch (RuntimeException e) {
                if (program != null) {
                    program.close();
                }
                reason = Objects.toString(e.getMessage(), e.toString());
                failure = e;
                if (!(e instanceof NotCompilableException
                        || e instanceof UnsupportedOperationException) && !required) {
                    // a disagreement or a fault of ours, not a network without a native form
                    LOG.warn("{}; the compiled network runs on libtorch's kernels instead",
                            reason);
                    return Optional.empty();
                }
            }
        }
        if (required) {
            throw new IllegalStateException("the native kernels cannot run this network here ("
                    + reason + "); compile with FastInference.compile(network), which falls "
                    + "back to libtorch's kernels", failure);
        }
        LOG.debug("native kernels not used: {}", reason);
        return Optional.empty();
    }

    /** @return why the parts cannot become a native program here, or empty */
    private static Optional<String> why(List<InferenceOp> parts, FastHead head,
            NDManager weights) {
        if (!Device.Type.CPU.equals(weights.getDevice().getDeviceType())) {
            return Optional.of("the weights are on " + weights.getDevice());
        }
        Optional<String> unavailable = NativeKernels.unavailableReason();
        if (unavailable.isPresent()) {
            return unavailable;
        }
        if (parts.isEmpty() || !(parts.get(0) instanceof FastStem)) {
            return Optional.of("the network does not start with the library's stem");
        }
        for (InferenceOp part : parts) {
            if (!part.nativeEmittable()) {
                return Optional.of("a part of the network (" + part.getClass().getSimpleName()
                        + ") has no native form");
            }
        }
        return head.nativeEmittable() ? Optional.empty()
                : Optional.of("the head has no native form");
    }

    /** Stem, parts, a mark after each; features; head, a mark; result. */
    static NativeProgramWriter write(List<InferenceOp> parts, FastHead head) {
        NativeProgramWriter out = new NativeProgramWriter();
        int x = NativeProgramWriter.INPUT;
        for (InferenceOp part : parts) {
            int y = part.emitNative(out, x);
            out.free(x);
            x = y;
            out.mark();
        }
        out.features(x);
        int logits = head.emitNative(out, x);
        out.free(x);
        out.mark();
        out.result(logits);
        return out;
    }

    private static void check(NativeProgram program, List<InferenceOp> parts, NDManager weights,
            long channels) {
        try (NDManager m = weights.newSubManager()) {
            NDArray clip = m.randomUniform(-1f, 1f,
                    new Shape(CHECK_BATCH, channels, CHECK_FRAMES, CHECK_SIZE, CHECK_SIZE));
            NDArray expected = ChannelsLast.of(clip);
            for (InferenceOp part : parts) {
                NDArray next = part.apply(expected);
                expected.close();
                expected = next;
            }
            NDArray actual = program.run(clip, true, null);
            if (!actual.getShape().equals(expected.getShape())) {
                throw new IllegalStateException("the native features have shape "
                        + actual.getShape() + ", the compiled ops' " + expected.getShape());
            }
            float scale = Math.max(1f, expected.abs().max().getFloat());
            float error = actual.sub(expected).abs().max().getFloat();
            if (!(error <= TOLERANCE * scale)) {
                throw new IllegalStateException("the native kernels' features differ from the "
                        + "compiled ops' by " + error + " (scale " + scale + ")");
            }
        }
    }
}
