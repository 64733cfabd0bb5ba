package io.github.vov3d.train.report;

import java.util.List;
import java.util.Objects;

/**
 * One line of a chart, e.g. "val top1": its points in increasing x (epochs).
 *
 * @param name the legend entry
 * @param xs the x values, in epochs
 * @param ys the y values, finite, as many as {@code xs}
 */
record Curve(String name, List<Double> xs, List<Double> ys) {

    Curve {
        Objects.requireNonNull(name, "name");
        xs = List.copyOf(xs);
        ys = List.copyOf(ys);
        if (xs.size() != ys.size()) {
            throw new IllegalArgumentException("curve " + name + " has " + xs.size()
                    + " x values but " + ys.size() + " y values");
        }
    }

    boolean isEmpty() {
        return xs.isEmpty();
    }
}
