package io.lfsbeam.train;

import java.util.Locale;

/**
 * A progress report: global step, position in the run, mean loss over the steps since the last
 * report, learning rate, throughput and the estimated time to the end of the run.
 */
public final class TrainingProgress {
  private final long step;
  private final long runStep;
  private final long runSteps;
  private final double epoch;
  private final double loss;
  private final double learningRate;
  private final double imagesPerSecond;
  private final double etaSeconds;

  public TrainingProgress(
      long step,
      long runStep,
      long runSteps,
      double epoch,
      double loss,
      double learningRate,
      double imagesPerSecond,
      double etaSeconds) {
    this.step = step;
    this.runStep = runStep;
    this.runSteps = runSteps;
    this.epoch = epoch;
    this.loss = loss;
    this.learningRate = learningRate;
    this.imagesPerSecond = imagesPerSecond;
    this.etaSeconds = etaSeconds;
  }

  /** Global optimiser step (continues across runs and checkpoints). */
  public long step() {
    return step;
  }

  /** Steps done in this run. */
  public long runStep() {
    return runStep;
  }

  /** Steps this run will take. */
  public long runSteps() {
    return runSteps;
  }

  /** Epochs done in this run, fractional. */
  public double epoch() {
    return epoch;
  }

  public double loss() {
    return loss;
  }

  public double learningRate() {
    return learningRate;
  }

  public double imagesPerSecond() {
    return imagesPerSecond;
  }

  public double etaSeconds() {
    return etaSeconds;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "step %d (%d/%d, epoch %.2f) loss %.4f lr %.4g %.1f img/s ETA %.0f s",
        step,
        runStep,
        runSteps,
        epoch,
        loss,
        learningRate,
        imagesPerSecond,
        etaSeconds);
  }
}
