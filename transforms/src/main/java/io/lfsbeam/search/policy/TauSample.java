package io.lfsbeam.search.policy;

/**
 * One AM-LFS candidate: the raw draw x = (α_1..α_Mb, β_1/k..β_Mb/k) in the policy's standardised
 * coordinates ({@link AmLfsPolicy}: intercepts are drawn k = {@link AmLfsPolicy#INTERCEPT_SCALE}
 * times narrower than slopes), which REINFORCE needs back with the reward, and the valid τ it was
 * projected to, which the loss uses.
 */
public final class TauSample {
  private final double[] x;
  private final TauFunction tau;

  TauSample(double[] x, TauFunction tau) {
    this.x = x.clone();
    this.tau = tau;
  }

  public double[] x() {
    return x.clone();
  }

  public TauFunction tau() {
    return tau;
  }

  @Override
  public String toString() {
    return "TauSample{tau=" + tau + "}";
  }
}
