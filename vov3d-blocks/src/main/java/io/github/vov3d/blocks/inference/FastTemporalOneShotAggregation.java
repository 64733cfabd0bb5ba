package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import io.github.vov3d.blocks.D2Plus1D;
import io.github.vov3d.blocks.TemporalOneShotAggregation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * T-OSA compiled without the concatenation: a 1×1×1 convolution of a channel concatenation is
 * the sum of 1×1×1 convolutions of the parts with the matching column slices of the weight. Each
 * unit's output is therefore folded into a running sum (the sum fused into the part's product)
 * as soon as the next unit has read it and freed at once, instead of all being kept alive and copied into one wide tensor.
 */
final class FastTemporalOneShotAggregation implements ResidualTransform {
    private final List<FastD2Plus1D> units;
    private final FoldedConv inputPart;
    private final List<FoldedConv> unitParts;

    private FastTemporalOneShotAggregation(TemporalOneShotAggregation tosa, WeightFolder folder) {
        ChildBlocks c = ChildBlocks.of(tosa);
        List<FastD2Plus1D> compiled = new ArrayList<>();
        for (D2Plus1D unit : tosa.units()) {
            compiled.add(FastD2Plus1D.compile(unit, folder));
        }
        units = List.copyOf(compiled);
        Block aggregation = c.get("c");
        long concat = inputWidth(aggregation);
        long unitWidth = ((Convolution) ChildBlocks.of(tosa.units().get(0)).get("c.0")).getFilters();
        long inputWidth = concat - unitWidth * units.size();
        int first = tosa.concatenatesInput() ? 1 : 0;
        long[] widths = new long[first + units.size()];
        if (first == 1) {
            widths[0] = inputWidth;
        }
        Arrays.fill(widths, first, widths.length, unitWidth);
        List<FoldedConv> parts = folder.pointwiseParts(aggregation, c.get("c_bn"), widths);
        inputPart = first == 1 ? parts.get(0) : null;
        unitParts = List.copyOf(parts.subList(first, parts.size()));
    }

    static FastTemporalOneShotAggregation compile(TemporalOneShotAggregation t, WeightFolder f) {
        return new FastTemporalOneShotAggregation(t, f);
    }

    private static long inputWidth(Block conv) {
        if (!(conv instanceof Convolution c) || !c.getDirectParameters().contains("weight")) {
            throw new NotCompilableException("T-OSA aggregation is not a convolution: " + conv);
        }
        return c.getDirectParameters().get("weight").getArray().getShape().get(1);
    }

    @Override
    public NDArray apply(NDArray x) {
        return aggregate(x, null);
    }

    /** The running sum starts from the shortcut, and the last part's product applies the ReLU. */
    @Override
    public NDArray applyWithShortcut(NDArray x, NDArray shortcut) {
        return aggregate(x, shortcut);
    }

    @Override
    public boolean scriptable() {
        return true;
    }

    @Override
    public String emit(TorchScriptWriter out, String x) {
        return emitAggregate(out, x, null);
    }

    @Override
    public String emitWithShortcut(TorchScriptWriter out, String x, String shortcut) {
        return emitAggregate(out, x, shortcut);
    }

    @Override
    public boolean nativeEmittable() {
        return units.stream().allMatch(FastD2Plus1D::nativeEmittable)
                && unitParts.stream().allMatch(FoldedConv::isPointwise)
                && (inputPart == null || inputPart.isPointwise());
    }

    @Override
    public int emitNative(NativeProgramWriter out, int x) {
        return emitNativeAggregate(out, x, NativeProgramWriter.NONE);
    }

    @Override
    public int emitNativeWithShortcut(NativeProgramWriter out, int x, int shortcut) {
        return emitNativeAggregate(out, x, shortcut);
    }

    /**
     * Writes {@link #aggregate} into a native program, in the same order; each part's product
     * is written over the running sum it adds, so the sum costs no buffer of its own.
     */
    private int emitNativeAggregate(NativeProgramWriter out, int x, int shortcut) {
        int none = NativeProgramWriter.NONE;
        int sum = inputPart == null ? none
                : inputPart.emitNativePointwise(out, x, shortcut, none, false, none, null);
        int y = x;
        for (int k = 0; k < units.size(); k++) {
            int next = units.get(k).emitNative(out, y);
            if (y != x) {
                out.free(y);
            }
            y = next;
            int partial = sum == none ? shortcut : sum;
            boolean last = k == units.size() - 1;
            // the shortcut belongs to the caller; a running sum of our own is written over
            int into = partial != none && partial != shortcut ? partial : none;
            sum = unitParts.get(k).emitNativePointwise(out, y, partial, into,
                    last && shortcut != none, none, null);
        }
        if (y != x) {
            out.free(y);
        }
        return sum;
    }

    /** Writes {@link #aggregate} into a stage's TorchScript, in the same order. */
    private String emitAggregate(TorchScriptWriter out, String x, String shortcut) {
        String sum = inputPart == null ? null : inputPart.emit(out, x, shortcut, false);
        String y = x;
        for (int k = 0; k < units.size(); k++) {
            y = units.get(k).emit(out, y);
            String partial = sum == null ? shortcut : sum;
            boolean last = k == units.size() - 1;
            sum = unitParts.get(k).emit(out, y, partial, last && shortcut != null);
        }
        return sum;
    }

    /**
     * @param x the block input (left open)
     * @param shortcut the value to start the sum from (left open), then ReLU last; or null for
     *     the plain aggregation
     */
    private NDArray aggregate(NDArray x, NDArray shortcut) {
        // every part's product adds the sum so far (fused); the first adds the shortcut
        NDArray sum = inputPart == null ? null : inputPart.apply(x, shortcut, false);
        NDArray y = x;
        for (int k = 0; k < units.size(); k++) {
            NDArray next = units.get(k).apply(y);
            if (y != x) {
                y.close();
            }
            y = next;
            NDArray partial = sum == null ? shortcut : sum;
            boolean last = k == units.size() - 1;
            sum = unitParts.get(k).apply(y, partial, last && shortcut != null);
            if (partial != null && partial != shortcut) {
                partial.close();
            }
        }
        if (y != x) {
            y.close();
        }
        return sum;
    }
}
