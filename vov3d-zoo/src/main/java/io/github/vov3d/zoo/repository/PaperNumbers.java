package io.github.vov3d.zoo.repository;

/**
 * What the reference README reports for a checkpoint, so users can see what to expect and
 * compare their own evaluation. GFLOPs are multiply-accumulates for one view at the size the
 * row was measured at (see {@code docs/zoo.md}); the total is {@code gflopsPerView × views}.
 *
 * @param top1 top-1 accuracy in percent on the validation set
 * @param top5 top-5 accuracy in percent
 * @param millionParameters parameters in millions, as published
 * @param gflopsPerView GFLOPs per view, as published
 */
public record PaperNumbers(double top1, double top5, double millionParameters, double gflopsPerView) {

    /** Checks the ranges. */
    public PaperNumbers {
        if (!(top1 > 0 && top1 <= 100 && top5 >= top1 && top5 <= 100)) {
            throw new IllegalArgumentException("accuracies must satisfy 0 < top1 <= top5 <= 100, got "
                    + top1 + "/" + top5);
        }
        if (!(millionParameters > 0 && gflopsPerView > 0)) {
            throw new IllegalArgumentException("parameters and GFLOPs must be positive");
        }
    }
}
