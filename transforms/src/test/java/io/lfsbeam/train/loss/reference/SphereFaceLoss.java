package io.lfsbeam.train.loss.reference;

/**
 * SphereFace / A-Softmax with the annealed target f(θ) = (λ·cos θ + ψ(θ)) / (1 + λ), where ψ(θ) =
 * (−1)^k·cos(m1·θ) − 2k on θ ∈ [kπ/m1, (k+1)π/m1] is the monotone surrogate of cos(m1·θ).
 *
 * <p>λ starts huge (f ≈ cos θ, i.e. NormFace) and decays to λ_min, because training with the full
 * multiplicative margin from the start does not converge (see {@link #lambda}).
 *
 * <p>For integer m1, cos(m1·θ) is the Chebyshev polynomial T_m1(c) of c = cos θ, and its derivative
 * in c is m1·U_{m1−1}(c). Evaluating both as polynomials in c gives ψ and dψ/dc without dividing by
 * sin θ, so the gradient is exact and finite even at c = ±1. Since U_{m1−1}(cos θ) = sin(m1·θ)/sin
 * θ vanishes at every piece boundary θ = jπ/m1 (0 < j < m1), ψ is continuously differentiable
 * across the pieces.
 */
public final class SphereFaceLoss extends MarginSoftmaxLoss {
  /** Annealing defaults of the SphereFace code, as listed in METHOD.md §1. */
  public static final int DEFAULT_M1 = 4;

  public static final double DEFAULT_LAMBDA_BASE = 1000.0;
  public static final double DEFAULT_LAMBDA_GAMMA = 1e-4;
  public static final double DEFAULT_LAMBDA_POWER = 2.0;
  public static final double DEFAULT_LAMBDA_MIN = 5.0;

  private final int m1;
  private final double lambda;

  public SphereFaceLoss(double s, int m1, double lambda) {
    super(s);
    if (m1 < 1) {
      throw new IllegalArgumentException("m1 must be a positive integer, got " + m1);
    }
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
    }
    this.m1 = m1;
    this.lambda = lambda;
  }

  /** The loss at a training iteration, with λ from the default annealing schedule. */
  public static SphereFaceLoss atIteration(double s, int m1, long iter) {
    return new SphereFaceLoss(
        s,
        m1,
        lambda(
            iter,
            DEFAULT_LAMBDA_BASE,
            DEFAULT_LAMBDA_GAMMA,
            DEFAULT_LAMBDA_POWER,
            DEFAULT_LAMBDA_MIN));
  }

  /** λ = max(λ_min, base·(1 + γ·iter)^−power). */
  public static double lambda(
      long iter, double base, double gamma, double power, double lambdaMin) {
    return Math.max(lambdaMin, base * Math.pow(1.0 + gamma * iter, -power));
  }

  public int m1() {
    return m1;
  }

  public double lambda() {
    return lambda;
  }

  @Override
  public double margined(double cos) {
    return (lambda * cos + psi(cos)) / (1.0 + lambda);
  }

  @Override
  public double marginedDerivative(double cos) {
    return (lambda + psiDerivative(cos)) / (1.0 + lambda);
  }

  /** ψ as a function of c = cos θ. */
  public double psi(double cos) {
    int k = piece(cos);
    double c = clamp(cos);
    return sign(k) * chebyshevT(m1, c) - 2.0 * k;
  }

  /** dψ/dc = (−1)^k·m1·U_{m1−1}(c). */
  public double psiDerivative(double cos) {
    int k = piece(cos);
    return sign(k) * m1 * chebyshevU(m1 - 1, clamp(cos));
  }

  /** The piece index k = ⌊m1·θ/π⌋, with θ = π (c = −1) put in the last piece m1 − 1. */
  public int piece(double cos) {
    int k = (int) Math.floor(m1 * theta(cos) / Math.PI);
    return Math.min(k, m1 - 1);
  }

  private static double sign(int k) {
    return (k & 1) == 0 ? 1.0 : -1.0;
  }

  private static double clamp(double c) {
    return Math.max(-1.0, Math.min(1.0, c));
  }

  /**
   * Chebyshev polynomial of the first kind, T_n(c) = cos(n·arccos c), by the three-term recurrence.
   */
  static double chebyshevT(int n, double c) {
    double prev = 1.0;
    double cur = c;
    if (n == 0) {
      return prev;
    }
    for (int i = 1; i < n; i++) {
      double next = 2.0 * c * cur - prev;
      prev = cur;
      cur = next;
    }
    return cur;
  }

  /** Chebyshev polynomial of the second kind, U_n(c) = sin((n+1)θ)/sin θ; U_{−1} = 0. */
  static double chebyshevU(int n, double c) {
    if (n < 0) {
      return 0.0;
    }
    double prev = 1.0;
    double cur = 2.0 * c;
    if (n == 0) {
      return prev;
    }
    for (int i = 1; i < n; i++) {
      double next = 2.0 * c * cur - prev;
      prev = cur;
      cur = next;
    }
    return cur;
  }
}
