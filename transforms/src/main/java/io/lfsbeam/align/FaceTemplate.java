package io.lfsbeam.align;

import java.util.Objects;

/**
 * Target geometry of an aligned face: output size and where the five landmarks must land.
 *
 * <p>Point order everywhere in this package: left eye, right eye, nose tip, left mouth corner,
 * right mouth corner, "left" and "right" as seen in the image (METHOD.md §4). Coordinates follow
 * the pixel-centre convention of {@code Point2D}: the top-left pixel's centre is (0, 0).
 */
public final class FaceTemplate {
  /** Number of landmarks every template and every landmark set has. */
  public static final int POINTS = 5;

  /** The ArcFace (InsightFace) 112×112 template, METHOD.md §4. */
  public static final FaceTemplate ARCFACE_112x112 =
      new FaceTemplate(
          "arcface-112x112",
          112,
          112,
          new double[][] {
            {38.2946, 51.6963},
            {73.5318, 51.5014},
            {56.0252, 71.7366},
            {41.5493, 92.3655},
            {70.7299, 92.2041}
          });

  /**
   * The 112×96 variant (SphereFace/CosFace crops): the same points with 8 px cut from each side.
   */
  public static final FaceTemplate ARCFACE_112x96 =
      ARCFACE_112x112.shifted("arcface-112x96", 96, 112, -8.0, 0.0);

  private final String name;
  private final int width;
  private final int height;
  private final double[][] points;

  private FaceTemplate(String name, int width, int height, double[][] points) {
    this.name = Objects.requireNonNull(name, "name");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "template size must be positive, got " + width + "x" + height);
    }
    if (points.length != POINTS) {
      throw new IllegalArgumentException(
          "a face template has " + POINTS + " points, got " + points.length);
    }
    this.width = width;
    this.height = height;
    this.points = deepCopy(points);
  }

  /** A custom template (e.g. a larger output); points are copied. */
  public static FaceTemplate of(String name, int width, int height, double[][] points) {
    return new FaceTemplate(name, width, height, points);
  }

  /** The looked-up template by {@link #name()}, e.g. {@code arcface-112x96}. */
  public static FaceTemplate byName(String name) {
    if (ARCFACE_112x112.name.equals(name)) {
      return ARCFACE_112x112;
    }
    if (ARCFACE_112x96.name.equals(name)) {
      return ARCFACE_112x96;
    }
    throw new IllegalArgumentException(
        "unknown face template '"
            + name
            + "'; known: "
            + ARCFACE_112x112.name
            + ", "
            + ARCFACE_112x96.name);
  }

  /** This template translated by (dx, dy) with a new name and size. */
  public FaceTemplate shifted(String newName, int newWidth, int newHeight, double dx, double dy) {
    double[][] p = deepCopy(points);
    for (double[] q : p) {
      q[0] += dx;
      q[1] += dy;
    }
    return new FaceTemplate(newName, newWidth, newHeight, p);
  }

  public String name() {
    return name;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** A fresh 5×2 copy of the landmark positions. */
  public double[][] points() {
    return deepCopy(points);
  }

  /** Distance between the two eye points: the natural unit for "is this scale plausible". */
  public double eyeDistance() {
    return Math.hypot(points[1][0] - points[0][0], points[1][1] - points[0][1]);
  }

  private static double[][] deepCopy(double[][] p) {
    double[][] c = new double[p.length][];
    for (int i = 0; i < p.length; i++) {
      if (p[i] == null || p[i].length != 2) {
        throw new IllegalArgumentException("template point " + i + " must be an (x, y) pair");
      }
      c[i] = p[i].clone();
    }
    return c;
  }

  @Override
  public String toString() {
    return name + " (" + width + "x" + height + ")";
  }
}
