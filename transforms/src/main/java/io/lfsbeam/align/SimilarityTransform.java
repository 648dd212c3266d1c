package io.lfsbeam.align;

/**
 * A 2-D similarity (uniform scale, proper rotation, translation), and its least-squares estimate
 * from point correspondences.
 *
 * <p><b>Estimation.</b> Umeyama (1991), exactly as scikit-image's {@code
 * SimilarityTransform.estimate} does it: with demeaned points, covariance A = dstᵀ·src / n and A =
 * U S Vᵀ, the rotation is R = U·D·Vᵀ where D = diag(1, −1) when det A &lt; 0 (otherwise the
 * identity), and the scale is tr(S·D) / var(src). In two dimensions this has a closed form that
 * needs no SVD: split A into its rotation-like part [[e, −f], [f, e]] (e = (A₀₀ + A₁₁)/2, f = (A₁₀
 * − A₀₁)/2) and its reflection-like part [[g, h], [h, −g]]; the singular values are r₁ ± r₂ with r₁
 * = √(e² + f²), r₂ = √(g² + h²), and det A = r₁² − r₂². Both when det A ≥ 0 (D = I) and when det A
 * &lt; 0 (the last singular direction flipped), U·D·Vᵀ is the rotation by atan2(f, e) and tr(S·D) =
 * 2·r₁; a rank-one A (r₁ = r₂) gives the same. Hence the linear part is scale·R = (2 / var) · [[e,
 * −f], [f, e]] in every case, including the mirrored one, where the answer is the best proper
 * (non-mirroring) similarity. The result never reflects the image, which is what face alignment
 * wants.
 */
public final class SimilarityTransform {
  private final double a; // scale * cos(rotation)
  private final double b; // scale * sin(rotation)
  private final double tx;
  private final double ty;

  private SimilarityTransform(double a, double b, double tx, double ty) {
    this.a = a;
    this.b = b;
    this.tx = tx;
    this.ty = ty;
  }

  /** x' = s·(cos θ·x − sin θ·y) + tx, y' = s·(sin θ·x + cos θ·y) + ty. */
  public static SimilarityTransform of(double scale, double rotationRadians, double tx, double ty) {
    if (!(scale > 0)
        || !Double.isFinite(scale)
        || !Double.isFinite(rotationRadians)
        || !Double.isFinite(tx)
        || !Double.isFinite(ty)) {
      throw new IllegalArgumentException(
          "a similarity needs a finite positive scale and finite rotation/translation, got scale="
              + scale
              + " rotation="
              + rotationRadians
              + " t=("
              + tx
              + ", "
              + ty
              + ")");
    }
    return new SimilarityTransform(
        scale * Math.cos(rotationRadians), scale * Math.sin(rotationRadians), tx, ty);
  }

  /**
   * Least-squares similarity mapping {@code src[i]} onto {@code dst[i]} (both n×2, n ≥ 2).
   *
   * @throws IllegalArgumentException when the input cannot define a similarity: null or ragged
   *     arrays, different lengths, fewer than 2 points, NaN/infinite coordinates, all source points
   *     identical (zero variance), or a best-fit scale of zero (collapsed or exactly mirrored
   *     target)
   */
  public static SimilarityTransform estimate(double[][] src, double[][] dst) {
    checkPoints("src", src);
    checkPoints("dst", dst);
    int n = src.length;
    if (dst.length != n) {
      throw new IllegalArgumentException(
          "src and dst must have the same number of points, got " + n + " and " + dst.length);
    }
    if (n < 2) {
      throw new IllegalArgumentException("a similarity needs at least 2 point pairs, got " + n);
    }
    double sxm = 0, sym = 0, dxm = 0, dym = 0;
    for (int i = 0; i < n; i++) {
      sxm += src[i][0];
      sym += src[i][1];
      dxm += dst[i][0];
      dym += dst[i][1];
    }
    sxm /= n;
    sym /= n;
    dxm /= n;
    dym /= n;
    // Sums (not means) throughout: the 1/n factors cancel in 2e/var.
    double var = 0, e2 = 0, f2 = 0; // e2 = 2·n·e, f2 = 2·n·f
    for (int i = 0; i < n; i++) {
      double x = src[i][0] - sxm, y = src[i][1] - sym;
      double u = dst[i][0] - dxm, v = dst[i][1] - dym;
      var += x * x + y * y;
      e2 += u * x + v * y;
      f2 += v * x - u * y;
    }
    double spread = Math.max(Math.abs(sxm), Math.abs(sym)) + 1.0;
    if (!(var > 1e-24 * n * spread * spread)) {
      throw new IllegalArgumentException(
          "all " + n + " source points coincide (zero variance); no similarity is defined");
    }
    double a = e2 / var;
    double b = f2 / var;
    if (!(Math.hypot(a, b) > 1e-12)) {
      throw new IllegalArgumentException(
          "the best-fit similarity has zero scale (destination points coincide, or are an exact mirror"
              + " of the source); it cannot be inverted");
    }
    return new SimilarityTransform(a, b, dxm - (a * sxm - b * sym), dym - (b * sxm + a * sym));
  }

  private static void checkPoints(String name, double[][] p) {
    if (p == null) {
      throw new IllegalArgumentException(name + " points are null");
    }
    for (int i = 0; i < p.length; i++) {
      if (p[i] == null || p[i].length != 2) {
        throw new IllegalArgumentException(name + " point " + i + " must be an (x, y) pair");
      }
      if (!Double.isFinite(p[i][0]) || !Double.isFinite(p[i][1])) {
        throw new IllegalArgumentException(
            name + " point " + i + " is not finite: (" + p[i][0] + ", " + p[i][1] + ")");
      }
    }
  }

  /** Row-major 2×3 [a, −b, tx, b, a, ty]: the form OpenCV, scikit-image and the Avro record use. */
  public double[] matrix2x3() {
    return new double[] {a, -b, tx, b, a, ty};
  }

  public double[] apply(double x, double y) {
    return new double[] {a * x - b * y + tx, b * x + a * y + ty};
  }

  /** Maps every point of an n×2 array. */
  public double[][] apply(double[][] pts) {
    double[][] out = new double[pts.length][];
    for (int i = 0; i < pts.length; i++) {
      out[i] = apply(pts[i][0], pts[i][1]);
    }
    return out;
  }

  /** Root-mean-square distance between the mapped {@code src} points and {@code dst}. */
  public double rmsResidual(double[][] src, double[][] dst) {
    if (src.length != dst.length || src.length == 0) {
      throw new IllegalArgumentException(
          "rmsResidual needs equally many (≥ 1) points, got " + src.length + " and " + dst.length);
    }
    double sum = 0;
    for (int i = 0; i < src.length; i++) {
      double[] m = apply(src[i][0], src[i][1]);
      double dx = m[0] - dst[i][0], dy = m[1] - dst[i][1];
      sum += dx * dx + dy * dy;
    }
    return Math.sqrt(sum / src.length);
  }

  /** The inverse similarity (destination → source). Always exists: the scale is positive. */
  public SimilarityTransform inverse() {
    double s2 = a * a + b * b;
    double ia = a / s2, ib = -b / s2;
    return new SimilarityTransform(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
  }

  public double scale() {
    return Math.hypot(a, b);
  }

  /** Rotation angle in radians, in (−π, π]. */
  public double rotation() {
    return Math.atan2(b, a);
  }

  public double translationX() {
    return tx;
  }

  public double translationY() {
    return ty;
  }

  @Override
  public String toString() {
    return String.format(
        "SimilarityTransform[scale=%.6g, rotation=%.6g rad, t=(%.6g, %.6g)]",
        scale(), rotation(), tx, ty);
  }
}
