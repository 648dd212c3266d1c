package io.lfsbeam.synth;

import io.lfsbeam.align.FaceLandmarks;
import java.awt.geom.Point2D;

/**
 * Where the five landmark features sit in the canonical face frame for one image, after the
 * identity's proportions, the expression and the pseudo head turn are applied.
 *
 * <p>The painter draws the eyes, nose and mouth <em>from these very points</em>, and the reported
 * landmarks are these points mapped through the drawing transform, so the two cannot disagree.
 */
record FaceGeometry(
    Point2D leftEye,
    Point2D rightEye,
    Point2D noseTip,
    Point2D mouthLeft,
    Point2D mouthRight,
    double mouthCentreY,
    double eyeOpenness,
    double browLift) {

  /**
   * How much further than the eyes the nose tip and mouth slide when the head turns: they stand out
   * from the face.
   */
  static final double NOSE_YAW_GAIN = 1.6;

  static final double MOUTH_YAW_GAIN = 1.15;

  static FaceGeometry of(FaceTraits t, Nuisance n) {
    double yaw = n.yaw();
    Point2D leftEye = new Point2D.Double(-t.eyeHalfSpacing() + yaw, t.eyeY());
    Point2D rightEye = new Point2D.Double(t.eyeHalfSpacing() + yaw, t.eyeY());
    Point2D noseTip = new Point2D.Double(yaw * NOSE_YAW_GAIN, t.noseTipY());
    // A smile pulls the corners up and outwards; an open mouth lets them drop slightly.
    double half = t.mouthHalfWidth() * (1 + 0.14 * n.smile() - 0.08 * n.mouthOpen());
    double cornerY = t.mouthY() - 3.5 * n.smile() + 1.5 * n.mouthOpen();
    double mouthX = yaw * MOUTH_YAW_GAIN;
    Point2D mouthLeft = new Point2D.Double(mouthX - half, cornerY);
    Point2D mouthRight = new Point2D.Double(mouthX + half, cornerY);
    double eyeOpenness = 1 - 0.3 * n.smile();
    double browLift = 3 * n.browRaise();
    return new FaceGeometry(
        leftEye, rightEye, noseTip, mouthLeft, mouthRight, t.mouthY(), eyeOpenness, browLift);
  }

  FaceLandmarks landmarks() {
    return FaceLandmarks.of(leftEye, rightEye, noseTip, mouthLeft, mouthRight);
  }
}
