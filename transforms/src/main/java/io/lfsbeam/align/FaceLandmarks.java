package io.lfsbeam.align;

import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.util.Arrays;

/**
 * The five standard face points in the order of the LFW/SphereFace landmark list: left eye, right
 * eye, nose tip, left mouth corner, right mouth corner, where "left" means as seen in the image
 * (the eye with the smaller x in an upright face).
 *
 * <p>Immutable; coordinates are stored as {@code x0, y0, x1, y1, ...}.
 */
public final class FaceLandmarks {
  public static final int LEFT_EYE = 0;
  public static final int RIGHT_EYE = 1;
  public static final int NOSE_TIP = 2;
  public static final int MOUTH_LEFT = 3;
  public static final int MOUTH_RIGHT = 4;
  public static final int COUNT = 5;

  private final double[] xy;

  private FaceLandmarks(double[] xy) {
    this.xy = xy;
  }

  /** Points in landmark order. */
  public static FaceLandmarks of(
      Point2D leftEye, Point2D rightEye, Point2D noseTip, Point2D mouthLeft, Point2D mouthRight) {
    Point2D[] p = {leftEye, rightEye, noseTip, mouthLeft, mouthRight};
    double[] xy = new double[2 * COUNT];
    for (int i = 0; i < COUNT; i++) {
      xy[2 * i] = p[i].getX();
      xy[2 * i + 1] = p[i].getY();
    }
    return new FaceLandmarks(xy);
  }

  /** From {@code x0, y0, ..., x4, y4}; the array is copied. */
  public static FaceLandmarks fromArray(double[] xy) {
    if (xy.length != 2 * COUNT) {
      throw new IllegalArgumentException(
          "expected " + 2 * COUNT + " coordinates, got " + xy.length);
    }
    return new FaceLandmarks(xy.clone());
  }

  public double x(int point) {
    return xy[2 * point];
  }

  public double y(int point) {
    return xy[2 * point + 1];
  }

  /** A copy as {@code x0, y0, ..., x4, y4}. */
  public double[] toArray() {
    return xy.clone();
  }

  /**
   * These points mapped through {@code t}, e.g. the canonical points through the drawing transform.
   */
  public FaceLandmarks transform(AffineTransform t) {
    double[] out = new double[xy.length];
    t.transform(xy, 0, out, 0, COUNT);
    return new FaceLandmarks(out);
  }

  /** Every point moved by (dx, dy). */
  public FaceLandmarks translate(double dx, double dy) {
    double[] out = xy.clone();
    for (int i = 0; i < COUNT; i++) {
      out[2 * i] += dx;
      out[2 * i + 1] += dy;
    }
    return new FaceLandmarks(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaceLandmarks other && Arrays.equals(xy, other.xy);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(xy);
  }

  @Override
  public String toString() {
    return "FaceLandmarks" + Arrays.toString(xy);
  }
}
