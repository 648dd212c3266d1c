package io.lfsbeam.search.policy;

import java.util.Arrays;

/**
 * One candidate's draw from a {@link GaussianPolicy}: the raw x (what REINFORCE needs back with the
 * reward) and the modulating factors a it maps to (what the loss needs). One a for the global
 * space, one per bin for the local space.
 */
public final class ModulationSample {
  private final double[] x;
  private final double[] a;

  ModulationSample(double[] x, double[] a) {
    this.x = x.clone();
    this.a = a.clone();
  }

  public double[] x() {
    return x.clone();
  }

  public double[] a() {
    return a.clone();
  }

  /** The CosFace-equivalent margin of each a (see {@link CosFaceEquivalence}). */
  public double[] cosFaceMargins(double scale) {
    double[] m = new double[a.length];
    for (int j = 0; j < a.length; j++) {
      m[j] = CosFaceEquivalence.margin(a[j], scale);
    }
    return m;
  }

  @Override
  public String toString() {
    return "ModulationSample{x=" + Arrays.toString(x) + ", a=" + Arrays.toString(a) + "}";
  }
}
