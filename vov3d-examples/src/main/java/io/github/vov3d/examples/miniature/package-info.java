/**
 * Temporal reasoning in miniature, the {@code vov3d miniature} job: the paper's claim (T-OSA
 * and D(2+1)D beat X3D's bottleneck at equal cost on order-dependent video) asked at a size a
 * 2-core CPU answers in minutes. {@link io.github.vov3d.examples.miniature.MotionScene} and
 * {@link io.github.vov3d.examples.miniature.MotionClips} generate a reproducible eight-class
 * Something-Something-like dataset in which only the order of frames tells the class,
 * {@link io.github.vov3d.examples.miniature.MiniatureModels} builds a small X3D and a small
 * VoV3D of equal MACs from the library's blocks, and
 * {@link io.github.vov3d.examples.miniature.MiniatureExperiment} trains both with one recipe and
 * one seed, tests them with several views and reports the table.
 */
package io.github.vov3d.examples.miniature;
