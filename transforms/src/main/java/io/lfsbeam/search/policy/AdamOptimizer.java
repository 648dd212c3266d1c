package io.lfsbeam.search.policy;

/**
 * Adam on a parameter vector, written to follow PyTorch's single-tensor {@code torch.optim.Adam}
 * operation for operation, so the policy means move as they would in the official code.
 *
 * <p>Per step t (counted from 1): m ← lerp(m, g, 1 − β1); v ← β2·v + (1 − β2)·g²; θ ← θ − (lr / (1
 * − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + eps). This is the bias-corrected update θ −=
 * lr·m̂/(sqrt(v̂) + eps) with m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t), evaluated in the same order
 * PyTorch does (including its two-branch {@code lerp}), and {@link StrictMath} powers so the result
 * does not depend on the JVM. The optimizer is stateless; its state lives in {@link AdamState} so a
 * search can persist and restore it.
 *
 * <p>Defaults are the search's (METHOD §3): lr 0.05, β1 0.5, β2 0.999, eps 1e-8.
 */
public final class AdamOptimizer {
  public static final double DEFAULT_LR = 0.05;
  public static final double DEFAULT_BETA1 = 0.5;
  public static final double DEFAULT_BETA2 = 0.999;
  public static final double DEFAULT_EPS = 1e-8;

  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;

  public AdamOptimizer(double lr, double beta1, double beta2, double eps) {
    if (!(lr > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0)) {
      throw new IllegalArgumentException(
          "invalid Adam hyper-parameters lr="
              + lr
              + " beta1="
              + beta1
              + " beta2="
              + beta2
              + " eps="
              + eps);
    }
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
  }

  /** The search's Adam: lr 0.05, β1 0.5, β2 0.999, eps 1e-8. */
  public static AdamOptimizer defaults() {
    return new AdamOptimizer(DEFAULT_LR, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS);
  }

  public double lr() {
    return lr;
  }

  public double beta1() {
    return beta1;
  }

  public double beta2() {
    return beta2;
  }

  public double eps() {
    return eps;
  }

  /** New parameters and the optimizer state after them. */
  public static final class Result {
    private final double[] params;
    private final AdamState state;

    Result(double[] params, AdamState state) {
      this.params = params;
      this.state = state;
    }

    public double[] params() {
      return params.clone();
    }

    public AdamState state() {
      return state;
    }
  }

  /**
   * One Adam step that minimises: moves {@code params} against {@code grad}.
   *
   * @param params current parameters (not modified)
   * @param grad gradient of the objective being minimised at {@code params}
   * @param state the state after the previous step ({@link AdamState#zeros} before the first)
   */
  public Result step(double[] params, double[] grad, AdamState state) {
    int n = params.length;
    if (grad.length != n || state.size() != n) {
      throw new IllegalArgumentException(
          "length mismatch: params " + n + ", grad " + grad.length + ", state " + state.size());
    }
    int t = state.step() + 1;
    double[] m = state.m();
    double[] v = state.v();
    double biasCorrection1 = 1 - StrictMath.pow(beta1, t);
    double biasCorrection2 = 1 - StrictMath.pow(beta2, t);
    double stepSize = lr / biasCorrection1;
    double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      m[i] = lerp(m[i], grad[i], 1 - beta1);
      v[i] = v[i] * beta2 + (1 - beta2) * grad[i] * grad[i];
      double denom = Math.sqrt(v[i]) / biasCorrection2Sqrt + eps;
      // addcdiv(value = -stepSize): param + value * m / denom, left to right as PyTorch's kernel.
      out[i] = params[i] + -stepSize * m[i] / denom;
    }
    return new Result(out, new AdamState(m, v, t));
  }

  /** PyTorch's lerp: two formulas depending on the weight, which matters in the last bit. */
  static double lerp(double from, double to, double weight) {
    return Math.abs(weight) < 0.5 ? from + weight * (to - from) : to - (to - from) * (1 - weight);
  }
}
