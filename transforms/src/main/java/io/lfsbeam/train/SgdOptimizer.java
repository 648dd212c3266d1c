package io.lfsbeam.train;

/**
 * SGD with momentum and weight decay, as the paper trains: g ← ∇ + wd·w (weights only, not
 * BatchNorm parameters, biases or PReLU slopes); v ← μ·v + g; w ← w − lr·v (PyTorch's convention,
 * which is TensorFlow's ApplyMomentum).
 */
public final class SgdOptimizer {
  /** The paper's learning rate, as a {@link LearningRateSchedule#parse} spec. */
  public static final String DEFAULT_LEARNING_RATE = "constant:0.1";

  public static final float DEFAULT_MOMENTUM = 0.9f;

  /** Applied to weights only (not BatchNorm parameters, biases or PReLU slopes). */
  public static final float DEFAULT_WEIGHT_DECAY = 1e-4f;

  private final LearningRateSchedule learningRate;
  private final float momentum;
  private final float weightDecay;

  private SgdOptimizer(Builder b) {
    this.learningRate = b.learningRate;
    this.momentum = b.momentum;
    this.weightDecay = b.weightDecay;
  }

  /** Defaults: lr constant 0.1, momentum 0.9, weight decay 1e-4. */
  public static Builder builder() {
    return new Builder();
  }

  public LearningRateSchedule learningRate() {
    return learningRate;
  }

  public float momentum() {
    return momentum;
  }

  public float weightDecay() {
    return weightDecay;
  }

  @Override
  public String toString() {
    return "sgd{lr=" + learningRate + ", momentum=" + momentum + ", wd=" + weightDecay + "}";
  }

  public static final class Builder {
    private LearningRateSchedule learningRate = LearningRateSchedule.parse(DEFAULT_LEARNING_RATE);
    private float momentum = DEFAULT_MOMENTUM;
    private float weightDecay = DEFAULT_WEIGHT_DECAY;

    public Builder setLearningRate(LearningRateSchedule schedule) {
      this.learningRate = schedule;
      return this;
    }

    public Builder optMomentum(float momentum) {
      this.momentum = momentum;
      return this;
    }

    public Builder optWeightDecay(float weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public SgdOptimizer build() {
      if (momentum < 0 || momentum >= 1 || weightDecay < 0) {
        throw new IllegalArgumentException(
            "momentum must be in [0, 1) and weight decay non-negative");
      }
      return new SgdOptimizer(this);
    }
  }
}
