package io.lfsbeam.align;

import java.util.Locale;
import java.util.Optional;

/**
 * Checks five landmarks before they are trusted for alignment. Bad landmarks are an expected input
 * (detector misses, broken annotation files), so the answer is a {@link Rejection}, not an
 * exception.
 *
 * <p>Checks, in order (the first failing one is reported): present and exactly five (x, y) pairs;
 * all finite; inside the image up to the margin of {@link AlignOptions#outOfImageMargin()}
 * (pixel-centre coordinates: the image covers [−0.5, w − 0.5] × [−0.5, h − 0.5]); and a plausible
 * geometry: the eyes at least {@value #MIN_EYE_DISTANCE} px apart, the points not (nearly) on one
 * line, and the similarity onto the template within the options' scale range.
 */
public final class LandmarkValidator {
  /** Eyes closer than this (source pixels) are treated as one point. */
  public static final double MIN_EYE_DISTANCE = 1.0;

  /**
   * Smallest allowed ratio of the two principal variances of the points. A frontal face is about
   * 0.6, a strong profile still about 0.02; only (nearly) collinear points fall below.
   */
  public static final double MIN_SPREAD_RATIO = 1e-3;

  private LandmarkValidator() {}

  /** Empty when the landmarks are usable for an image of {@code width × height}. */
  public static Optional<Rejection> check(
      double[][] landmarks, int width, int height, AlignOptions options) {
    if (landmarks == null || landmarks.length == 0) {
      return reject(AlignFailureReason.LANDMARKS_MISSING, "no landmarks given");
    }
    if (landmarks.length != FaceTemplate.POINTS) {
      return reject(
          AlignFailureReason.LANDMARKS_MISSING,
          "expected " + FaceTemplate.POINTS + " landmarks, got " + landmarks.length);
    }
    for (int i = 0; i < landmarks.length; i++) {
      if (landmarks[i] == null || landmarks[i].length != 2) {
        return reject(
            AlignFailureReason.LANDMARKS_MISSING, "landmark " + i + " is not an (x, y) pair");
      }
    }
    for (int i = 0; i < landmarks.length; i++) {
      if (!Double.isFinite(landmarks[i][0]) || !Double.isFinite(landmarks[i][1])) {
        return reject(
            AlignFailureReason.LANDMARKS_NAN,
            "landmark " + i + " is not finite: " + fmt(landmarks[i]));
      }
    }
    double margin = options.outOfImageMargin() * Math.max(width, height);
    for (int i = 0; i < landmarks.length; i++) {
      double x = landmarks[i][0], y = landmarks[i][1];
      if (x < -0.5 - margin
          || y < -0.5 - margin
          || x > width - 0.5 + margin
          || y > height - 0.5 + margin) {
        return reject(
            AlignFailureReason.LANDMARKS_OUT_OF_IMAGE,
            String.format(
                Locale.ROOT,
                "landmark %d at %s is outside the %dx%d image (margin %.1f px)",
                i,
                fmt(landmarks[i]),
                width,
                height,
                margin));
      }
    }
    double eyes = Math.hypot(landmarks[1][0] - landmarks[0][0], landmarks[1][1] - landmarks[0][1]);
    if (eyes < MIN_EYE_DISTANCE) {
      return reject(
          AlignFailureReason.LANDMARKS_DEGENERATE,
          String.format(Locale.ROOT, "the eyes coincide (%.3g px apart)", eyes));
    }
    double ratio = spreadRatio(landmarks);
    if (!(ratio >= MIN_SPREAD_RATIO)) {
      return reject(
          AlignFailureReason.LANDMARKS_DEGENERATE,
          String.format(
              Locale.ROOT,
              "the landmarks are (nearly) collinear: principal variance ratio %.3g",
              ratio));
    }
    SimilarityTransform t;
    try {
      t = SimilarityTransform.estimate(landmarks, options.template().points());
    } catch (IllegalArgumentException e) {
      return reject(AlignFailureReason.LANDMARKS_DEGENERATE, e.getMessage());
    }
    double scale = t.scale();
    if (scale < options.minScale() || scale > options.maxScale()) {
      return reject(
          AlignFailureReason.LANDMARKS_DEGENERATE,
          String.format(
              Locale.ROOT,
              "implausible scale %.4g onto %s (allowed [%.4g, %.4g]): eyes %.1f px apart",
              scale,
              options.template().name(),
              options.minScale(),
              options.maxScale(),
              eyes));
    }
    return Optional.empty();
  }

  /** Smaller over larger eigenvalue of the points' 2×2 covariance: 0 for collinear points. */
  static double spreadRatio(double[][] p) {
    double mx = 0, my = 0;
    for (double[] q : p) {
      mx += q[0];
      my += q[1];
    }
    mx /= p.length;
    my /= p.length;
    double sxx = 0, syy = 0, sxy = 0;
    for (double[] q : p) {
      double dx = q[0] - mx, dy = q[1] - my;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    double half = (sxx + syy) / 2;
    double root = Math.hypot((sxx - syy) / 2, sxy);
    double big = half + root;
    if (!(big > 0)) {
      return 0;
    }
    return Math.max(0, half - root) / big;
  }

  private static Optional<Rejection> reject(AlignFailureReason reason, String message) {
    return Optional.of(new Rejection(reason, message));
  }

  private static String fmt(double[] p) {
    return String.format(Locale.ROOT, "(%.3f, %.3f)", p[0], p[1]);
  }
}
