package io.github.vov3d.blocks.inference;

import io.github.vov3d.blocks.Nonlinearity;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Writes a compiled network as a {@link NativeProgram}: fixed-size integer records (an opcode,
 * then operands; the layouts are the constants' comments here and {@code vov3d_kernels.c}) over
 * numbered buffers, and one float array holding every weight the records point into. Buffer 0
 * is the channels-first clip; every other buffer is a channels-last activation written by one
 * record and released by a {@link #free} as soon as its last reader has been written, so the
 * native pass holds no more than the compiled ops hold in Java.
 */
final class NativeProgramWriter {
    /** Ints per record, as {@code VOV3D_RECORD} in the C header. */
    static final int RECORD = 24;
    /** Buffers a program can hold at once, as {@code VOV3D_SLOTS}. */
    static final int SLOTS = 64;
    /** Parts a program can time, as {@code VOV3D_MAX_MARKS}. */
    static final int MAX_MARKS = 256;
    /**
     * Frames of fewer positions are expanded whole rather than through the rings of {@link
     * #expandDepthwise}: none, since each thread keeps a ring of its own (measured on VoV3D-M and
     * -L, interleaved in one process: fusing at every frame size, 7×7 included, 5–15 % faster
     * than fusing from 32×32 up; with one shared ring and a barrier per frame, 28×28 and smaller
     * had lost). The whole-activation form stays for the tests' comparison.
     */
    static final int FUSE_MIN_POSITIONS = 0;
    /** The longest temporal kernel a depthwise record takes, as {@code VOV3D_MAX_KT}. */
    static final int MAX_TEMPORAL_KERNEL = 16;
    /** The channels-first clip. */
    static final int INPUT = 0;
    /** No buffer (no addend, no gate). */
    static final int NONE = -1;

    /** in out w bias c kt kh kw st sh sw pt ph pw act. */
    private static final int DEPTHWISE = 2;
    /** in out addend w bias K N st sh sw relu gate act. */
    private static final int POINTWISE = 3;
    /** in gate w1 b1 c hidden w2 b2. */
    private static final int SQUEEZE_EXCITE = 4;
    private static final int FREE = 5;
    /** in out kt kh kw. */
    private static final int POOL = 6;
    private static final int MARK = 7;
    private static final int RESULT = 8;
    private static final int FEATURES = 9;
    /** in=0 out: the clip copied channels-last. */
    private static final int LAYOUT = 10;
    /** in out ew eb K C dw db kt kh kw st sh sw pt ph pw act relu fuse-min-positions ring-bytes. */
    private static final int EXPAND_DEPTHWISE = 11;
    /** out w cin c kh kw sh sw ph pw bias, dw db kt kh kw st sh sw pt ph pw act (in=0). */
    private static final int STEM_DEPTHWISE = 12;

    private int[] code = new int[RECORD * 64];
    private int records;
    private float[] weights = new float[1 << 16];
    private int used;
    private final BitSet live = new BitSet(SLOTS);
    private int marks;

    NativeProgramWriter() {
        live.set(INPUT);
    }

    /**
     * @param values weights to store
     * @return their offset in the program's weight array
     */
    int weights(float[] values) {
        if ((long) used + values.length > Integer.MAX_VALUE - 8) {
            throw new NotCompilableException("the network's weights exceed a native program's "
                    + "2^31 floats");
        }
        if (used + values.length > weights.length) {
            weights = Arrays.copyOf(weights, Math.max(weights.length * 2, used + values.length));
        }
        System.arraycopy(values, 0, weights, used, values.length);
        int offset = used;
        used += values.length;
        return offset;
    }

    /**
     * The stem's dense convolution one frame deep, read straight from the channels-first clip,
     * and the depthwise convolution reading its result (X3D's temporal one) as one record: the
     * stem's result is computed a band of rows and a few frames at a time into a small ring and
     * never written out whole.
     *
     * @param weight the stem's O×I×1×kh×kw weight
     * @param bias its O values, or null
     * @param in the clip channels
     * @param out the stem's and the depthwise convolution's channels
     * @param kernel the stem's kh, kw
     * @param stride the stem's sh, sw
     * @param padding the stem's ph, pw
     * @param depthwiseWeight O×1×kt×kh×kw
     * @param depthwiseBias O values, or null
     * @param depthwiseKernel kt, kh, kw
     * @param depthwiseStride st, sh, sw
     * @param depthwisePadding pt, ph, pw
     * @param activation applied to the depthwise result, or null
     * @return the depthwise result's buffer
     */
    int stemDepthwise(float[] weight, float[] bias, int in, int out, int[] kernel, int[] stride,
            int[] padding, float[] depthwiseWeight, float[] depthwiseBias, int[] depthwiseKernel,
            int[] depthwiseStride, int[] depthwisePadding, Nonlinearity activation) {
        checkTemporalKernel(depthwiseKernel);
        int y = allocate();
        record(STEM_DEPTHWISE, y, weights(weight), in, out, kernel[0], kernel[1], stride[0],
                stride[1], padding[0], padding[1], bias == null ? NONE : weights(bias),
                weights(depthwiseWeight), depthwiseBias == null ? NONE : weights(depthwiseBias),
                depthwiseKernel[0], depthwiseKernel[1], depthwiseKernel[2], depthwiseStride[0],
                depthwiseStride[1], depthwiseStride[2], depthwisePadding[0], depthwisePadding[1],
                depthwisePadding[2], code(activation));
        return y;
    }

    /**
     * @return a buffer holding the clip in channels-last order (the tests' way to run a kernel on
     *     its own; the library's programs start with {@link #stemDepthwise})
     */
    int channelsLast() {
        int y = allocate();
        record(LAYOUT, INPUT, y);
        return y;
    }

    /**
     * A depthwise convolution with its bias and activation.
     *
     * @param x the input buffer
     * @param weight C×1×kt×kh×kw
     * @param bias C values, or null
     * @param kernel kt, kh, kw
     * @param stride st, sh, sw
     * @param padding pt, ph, pw
     * @param activation applied to the result, or null
     * @return the result's buffer
     */
    int depthwise(int x, float[] weight, float[] bias, int channels, int[] kernel, int[] stride,
            int[] padding, Nonlinearity activation) {
        checkTemporalKernel(kernel);
        int y = allocate();
        record(DEPTHWISE, x, y, weights(weight), bias == null ? NONE : weights(bias), channels,
                kernel[0], kernel[1], kernel[2], stride[0], stride[1], stride[2], padding[0],
                padding[1], padding[2], code(activation));
        return y;
    }

    /**
     * A pointwise expansion (unstrided) and the depthwise convolution reading it, as one record:
     * the expanded activation is computed frame by frame into a small ring and never written
     * out whole.
     *
     * @param x the input buffer (K channels)
     * @param matrix the expansion, C×K row-major
     * @param bias its C values, or null
     * @param relu whether ReLU follows the expansion
     * @param weight the depthwise weight, C×1×kt×kh×kw
     * @param depthwiseBias its C values, or null
     * @param kernel kt, kh, kw
     * @param stride st, sh, sw
     * @param padding pt, ph, pw
     * @param activation applied to the depthwise result, or null
     * @return the depthwise result's buffer
     */
    int expandDepthwise(int x, float[] matrix, float[] bias, int inputs, int channels,
            boolean relu, float[] weight, float[] depthwiseBias, int[] kernel, int[] stride,
            int[] padding, Nonlinearity activation) {
        return expandDepthwise(x, matrix, bias, inputs, channels, relu, weight, depthwiseBias,
                kernel, stride, padding, activation, FUSE_MIN_POSITIONS, 0);
    }

    /**
     * {@link #expandDepthwise(int, float[], float[], int, int, boolean, float[], float[], int[],
     * int[], int[], Nonlinearity)} with the frame size from which the ring is used (0: always)
     * and the bytes a thread's ring may take before its band is cut into sub-bands (0: the
     * kernels' own budget): the tests' way to reach both forms and the sub-bands at small sizes.
     *
     * @return the depthwise result's buffer
     */
    int expandDepthwise(int x, float[] matrix, float[] bias, int inputs, int channels,
            boolean relu, float[] weight, float[] depthwiseBias, int[] kernel, int[] stride,
            int[] padding, Nonlinearity activation, int fuseMinPositions, int ringBytes) {
        checkTemporalKernel(kernel);
        int y = allocate();
        record(EXPAND_DEPTHWISE, x, y, weights(matrix), bias == null ? NONE : weights(bias),
                inputs, channels, weights(weight),
                depthwiseBias == null ? NONE : weights(depthwiseBias), kernel[0], kernel[1],
                kernel[2], stride[0], stride[1], stride[2], padding[0], padding[1], padding[2],
                code(activation), relu ? 1 : 0, fuseMinPositions, ringBytes);
        return y;
    }

    /**
     * {@code relu?(W · act(gate ⊙ x[::s]) + bias + addend)} over every kept position.
     *
     * @param x the input buffer (K channels)
     * @param matrix N×K row-major
     * @param bias N values, or null
     * @param stride st, sh, sw (positions kept)
     * @param addend a buffer of the result's shape to add, or {@link #NONE}
     * @param into {@code addend} to write the result over it, or {@link #NONE} for a new buffer
     * @param relu whether ReLU comes last
     * @param gate a per-clip channel gate buffer (N×1×1×1×K) multiplying the input, or {@link
     *     #NONE}
     * @param inputActivation applied to the (gated) input as it is read, or null
     * @return the result's buffer
     */
    int pointwise(int x, float[] matrix, float[] bias, int inputs, int outputs, int[] stride,
            int addend, int into, boolean relu, int gate, Nonlinearity inputActivation) {
        if (into != NONE && into != addend) {
            throw new IllegalArgumentException("a product can only be written over its addend");
        }
        int y = into != NONE ? into : allocate();
        record(POINTWISE, x, y, addend, weights(matrix), bias == null ? NONE : weights(bias),
                inputs, outputs, stride[0], stride[1], stride[2], relu ? 1 : 0, gate,
                code(inputActivation));
        return y;
    }

    /**
     * The squeeze-excitation gate of an activation: mean over positions, {@code fc1}, ReLU,
     * {@code fc2}, sigmoid.
     *
     * @return the gate's buffer (N×1×1×1×C)
     */
    int squeezeExcite(int y, float[] w1, float[] b1, float[] w2, float[] b2, int channels,
            int hidden) {
        int g = allocate();
        record(SQUEEZE_EXCITE, y, g, weights(w1), weights(b1), channels, hidden, weights(w2),
                weights(b2));
        return g;
    }

    /** @return the buffer of the average pool (stride 1, no padding) of {@code x} */
    int averagePool(int x, int kt, int kh, int kw) {
        int y = allocate();
        record(POOL, x, y, kt, kh, kw);
        return y;
    }

    /** Releases a buffer nothing reads any more (the clip is never released). */
    void free(int slot) {
        if (slot == INPUT) {
            return;
        }
        if (!live.get(slot)) {
            throw new IllegalStateException("buffer " + slot + " released twice");
        }
        live.clear(slot);
        record(FREE, slot);
    }

    /** @return the index of the part that ends here (its time is reported under it) */
    int mark() {
        if (marks == MAX_MARKS) {
            throw new NotCompilableException("more than " + MAX_MARKS + " timed parts");
        }
        record(MARK, marks);
        return marks++;
    }

    /** Where a features-only run stops, returning {@code slot}. */
    void features(int slot) {
        record(FEATURES, slot);
    }

    /** The end of the program, returning {@code slot}. */
    void result(int slot) {
        record(RESULT, slot);
    }

    /** @return the records written so far */
    int[] code() {
        return Arrays.copyOf(code, records * RECORD);
    }

    /** @return every weight written so far */
    float[] weightArray() {
        return Arrays.copyOf(weights, used);
    }

    /** @return the number of parts marked */
    int marks() {
        return marks;
    }

    private static void checkTemporalKernel(int[] kernel) {
        if (kernel[0] > MAX_TEMPORAL_KERNEL) {
            throw new NotCompilableException("a temporal kernel of " + kernel[0]
                    + " frames is more than the native kernels take (" + MAX_TEMPORAL_KERNEL + ")");
        }
    }

    private int allocate() {
        int slot = live.nextClearBit(1);
        if (slot >= SLOTS) {
            throw new NotCompilableException("more than " + (SLOTS - 1)
                    + " activations alive at once in a native program");
        }
        live.set(slot);
        return slot;
    }

    private static int code(Nonlinearity activation) {
        if (activation == null) {
            return 0;
        }
        return switch (activation) {
            case RELU -> 1;
            case SWISH -> 2;
        };
    }

    private void record(int opcode, int... operands) {
        if ((records + 1) * RECORD > code.length) {
            code = Arrays.copyOf(code, code.length * 2);
        }
        int at = records * RECORD;
        code[at] = opcode;
        System.arraycopy(operands, 0, code, at + 1, operands.length);
        records++;
    }
}
