/**
 * What a training run tells the people watching it: a console progress bar, an append-only
 * JSON-lines metrics log that survives a killed process, and PNG curves of loss, accuracy and
 * learning rate written next to the checkpoints.
 *
 * <p>The three pieces are independent so the trainer can use any of them alone: the log is the
 * source of truth (plots are redrawn from it after a resume), the bar is only for humans.
 */
package io.github.vov3d.train.report;
