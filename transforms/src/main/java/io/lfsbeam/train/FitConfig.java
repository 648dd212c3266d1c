package io.lfsbeam.train;

/**
 * How long and how to train in one {@link Trainer#fit} call: a number of epochs and/or a cap on
 * optimiser steps, batch size, flips, logging cadence, and which epoch index to start from (it
 * seeds the shuffle; by default the trainer continues its own epoch counter).
 */
public final class FitConfig {
  public static final int DEFAULT_BATCH_SIZE = 64;

  private final int epochs;
  private final long maxSteps;
  private final int batchSize;
  private final boolean flip;
  private final int logEverySteps;
  private final long startEpoch;
  private final long resumeAtStep;

  private FitConfig(Builder b) {
    this.epochs = b.epochs;
    this.maxSteps = b.maxSteps;
    this.batchSize = b.batchSize;
    this.flip = b.flip;
    this.logEverySteps = b.logEverySteps;
    this.startEpoch = b.startEpoch;
    this.resumeAtStep = b.resumeAtStep;
  }

  /**
   * Defaults: no epoch count and no step cap (set at least one), batch 64, flips on, log every 10
   * steps, continue the epoch counter.
   */
  public static Builder builder() {
    return new Builder();
  }

  public int epochs() {
    return epochs;
  }

  /** 0 = no cap. */
  public long maxSteps() {
    return maxSteps;
  }

  public int batchSize() {
    return batchSize;
  }

  public boolean flip() {
    return flip;
  }

  public int logEverySteps() {
    return logEverySteps;
  }

  /** Negative = the trainer's completed-epoch counter. */
  public long startEpoch() {
    return startEpoch;
  }

  /**
   * Steps of this run an earlier fit already trained (0 for a fresh run): the fit continues the run
   * at that step of its data order, as if it had not been interrupted, and trains up to the run's
   * end ({@link #epochs}, {@link #maxSteps}). The trainer must hold the earlier fit's state (its
   * checkpoint restored), which gives it the same learning-rate step.
   */
  public long resumeAtStep() {
    return resumeAtStep;
  }

  public static final class Builder {
    private int epochs = 0;
    private long maxSteps = 0;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private boolean flip = true;
    private int logEverySteps = 10;
    private long startEpoch = -1;
    private long resumeAtStep = 0;

    /** Whole epochs to run (0 = bounded by {@link #maxSteps} only). */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /** Stop after this many steps even inside an epoch (0 = run the epochs out). */
    public Builder maxSteps(long steps) {
      this.maxSteps = steps;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder flip(boolean flip) {
      this.flip = flip;
      return this;
    }

    public Builder logEverySteps(int steps) {
      this.logEverySteps = steps;
      return this;
    }

    public Builder startEpoch(long epoch) {
      this.startEpoch = epoch;
      return this;
    }

    /** See {@link FitConfig#resumeAtStep()}. */
    public Builder resumeAtStep(long step) {
      this.resumeAtStep = step;
      return this;
    }

    public FitConfig build() {
      if (resumeAtStep < 0) {
        throw new IllegalArgumentException("a run resumes at step 0 or later, not " + resumeAtStep);
      }
      if (epochs < 0 || maxSteps < 0 || (epochs == 0 && maxSteps == 0)) {
        throw new IllegalArgumentException("give a positive number of epochs or of steps");
      }
      if (batchSize <= 0 || logEverySteps <= 0) {
        throw new IllegalArgumentException("batch size and log interval must be positive");
      }
      return new FitConfig(this);
    }
  }
}
