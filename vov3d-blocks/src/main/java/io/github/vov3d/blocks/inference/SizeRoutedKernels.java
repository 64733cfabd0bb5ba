package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;

/**
 * Sends each step to libtorch's fused kernels or to DJL's ops by its size. A fused call has a
 * fixed cost of 30–100 µs (the module call, oneDNN's primitive lookup and weight reorder)
 * against 5–25 µs for {@code addmm}; measured on VoV3D's shapes the two break even at 3–13
 * million multiply-accumulates (e.g. 1,024 rows of 48→108), and an in-place ReLU beats DJL's
 * (which writes a new array) only from about a million elements. At 224×224 every convolution
 * of a stage is above the product threshold; the SE layers, the head's {@code lin_5} and small
 * clips are below.
 *
 * @param fused libtorch's kernels, closed with this object
 * @param minFusedMacs the smallest product (rows × in × out) sent to {@code fused}
 * @param minInPlaceElements the smallest activation sent to {@code fused}
 */
record SizeRoutedKernels(FusedKernels fused, long minFusedMacs, long minInPlaceElements)
        implements FusedKernels {
    /** The thresholds measured on the 2-core AVX-512 machine (libtorch 2.7.1, 2 threads). */
    static SizeRoutedKernels measured(FusedKernels fused) {
        return new SizeRoutedKernels(fused, 8_000_000L, 1L << 20);
    }

    @Override
    public NDArray linear(NDArray rows, NDArray weight, NDArray bias, NDArray addend,
            boolean relu) {
        boolean large = rows.getShape().size() * weight.getShape().get(0) >= minFusedMacs;
        return (large ? fused : DjlKernels.INSTANCE).linear(rows, weight, bias, addend, relu);
    }

    @Override
    public NDArray relu(NDArray y) {
        return (y.size() >= minInPlaceElements ? fused : DjlKernels.INSTANCE).relu(y);
    }

    @Override
    public NDArray swish(NDArray y) {
        return (y.size() >= minInPlaceElements ? fused : DjlKernels.INSTANCE).swish(y);
    }

    @Override
    public InferenceKernels kind() {
        return fused.kind();
    }

    @Override
    public void close() {
        fused.close();
    }
}
