package io.lfsbeam.search.policy;

import java.util.Arrays;

/**
 * Adam's moment estimates and step count: exactly the state a search must persist between rounds so
 * that a resumed search takes the same steps, bit for bit, as one that never stopped.
 */
public final class AdamState {
  private final double[] m;
  private final double[] v;
  private final int step;

  /**
   * @param m first moments (one per parameter)
   * @param v second moments (one per parameter, non-negative)
   * @param step number of steps already taken (0 before the first)
   */
  public AdamState(double[] m, double[] v, int step) {
    if (m.length != v.length) {
      throw new IllegalArgumentException(
          "m and v differ in length: " + m.length + " vs " + v.length);
    }
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, was " + step);
    }
    this.m = m.clone();
    this.v = v.clone();
    this.step = step;
  }

  /**
   * Fresh state for {@code size} parameters: zero moments, no step taken (PyTorch's initial state).
   */
  public static AdamState zeros(int size) {
    return new AdamState(new double[size], new double[size], 0);
  }

  public int size() {
    return m.length;
  }

  public double[] m() {
    return m.clone();
  }

  public double[] v() {
    return v.clone();
  }

  public int step() {
    return step;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AdamState)) {
      return false;
    }
    AdamState other = (AdamState) o;
    return step == other.step && Arrays.equals(m, other.m) && Arrays.equals(v, other.v);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(m) + Arrays.hashCode(v)) + step;
  }

  @Override
  public String toString() {
    return "AdamState{m="
        + Arrays.toString(m)
        + ", v="
        + Arrays.toString(v)
        + ", step="
        + step
        + "}";
  }
}
