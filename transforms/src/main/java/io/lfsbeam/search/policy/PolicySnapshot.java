package io.lfsbeam.search.policy;

import java.util.Arrays;
import java.util.Objects;

/**
 * Everything that changes while a policy searches, as a plain immutable value: enough to draw the
 * next round's candidates and to resume the search bit-exactly.
 *
 * <p>Configuration that does not change during a search (the scale s, Adam's hyper-parameters, the
 * ReLU switch, AM-LFS's τ floor) is not part of it; the caller supplies it again on restore. The
 * Avro form is produced by {@link PolicyStates}, so this class stays free of Avro.
 */
public final class PolicySnapshot {
  private final PolicyMode mode;
  private final double[] mu;
  private final double sigma;
  private final double[] adamM;
  private final double[] adamV;
  private final int adamStep;
  private final int round;
  private final long seed;

  /**
   * @param round rounds completed (0 before the first)
   * @param seed the search seed candidates derive theirs from
   */
  public PolicySnapshot(
      PolicyMode mode,
      double[] mu,
      double sigma,
      double[] adamM,
      double[] adamV,
      int adamStep,
      int round,
      long seed) {
    this.mode = Objects.requireNonNull(mode, "mode");
    if (mu.length == 0 || adamM.length != mu.length || adamV.length != mu.length) {
      throw new IllegalArgumentException(
          "mu, adamM, adamV must have the same non-zero length: "
              + mu.length
              + ", "
              + adamM.length
              + ", "
              + adamV.length);
    }
    if (!(sigma > 0) || adamStep < 0 || round < 0) {
      throw new IllegalArgumentException(
          "invalid sigma " + sigma + ", adamStep " + adamStep + " or round " + round);
    }
    this.mu = mu.clone();
    this.sigma = sigma;
    this.adamM = adamM.clone();
    this.adamV = adamV.clone();
    this.adamStep = adamStep;
    this.round = round;
    this.seed = seed;
  }

  public PolicyMode mode() {
    return mode;
  }

  public double[] mu() {
    return mu.clone();
  }

  public double sigma() {
    return sigma;
  }

  public double[] adamM() {
    return adamM.clone();
  }

  public double[] adamV() {
    return adamV.clone();
  }

  public int adamStep() {
    return adamStep;
  }

  /** The Adam moments and step count as the optimizer's state type. */
  public AdamState adamState() {
    return new AdamState(adamM, adamV, adamStep);
  }

  public int round() {
    return round;
  }

  public long seed() {
    return seed;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PolicySnapshot)) {
      return false;
    }
    PolicySnapshot other = (PolicySnapshot) o;
    return mode == other.mode
        && Arrays.equals(mu, other.mu)
        && Double.compare(sigma, other.sigma) == 0
        && Arrays.equals(adamM, other.adamM)
        && Arrays.equals(adamV, other.adamV)
        && adamStep == other.adamStep
        && round == other.round
        && seed == other.seed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        mode,
        Arrays.hashCode(mu),
        sigma,
        Arrays.hashCode(adamM),
        Arrays.hashCode(adamV),
        adamStep,
        round,
        seed);
  }

  @Override
  public String toString() {
    return "PolicySnapshot{mode="
        + mode
        + ", mu="
        + Arrays.toString(mu)
        + ", sigma="
        + sigma
        + ", adamM="
        + Arrays.toString(adamM)
        + ", adamV="
        + Arrays.toString(adamV)
        + ", adamStep="
        + adamStep
        + ", round="
        + round
        + ", seed="
        + seed
        + "}";
  }
}
