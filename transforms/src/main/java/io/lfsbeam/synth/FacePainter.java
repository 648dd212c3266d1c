package io.lfsbeam.synth;

import static io.lfsbeam.synth.FaceTraits.scale;
import static io.lfsbeam.synth.FaceTraits.withAlpha;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;

/**
 * Draws one face in the canonical frame; the caller has already set the graphics transform that
 * places the face in the image. Eyes, nose and mouth are drawn around the {@link FaceGeometry}
 * points, which is what makes the reported landmarks exact: iris centres are the eye points, the
 * nose tip highlight sits on the nose point and the lip outlines start and end at the mouth corner
 * points.
 */
final class FacePainter {
  private static final Color SCLERA = new Color(236, 232, 226);
  static final Color PUPIL = new Color(12, 10, 10);

  private FacePainter() {}

  static void paint(Graphics2D g, FaceTraits t, Nuisance n, FaceGeometry geo) {
    Shape head = headShape(t.headHalfWidth(), t.headHalfHeight(), t.jawRatio());
    HairPainter.paintBack(g, t);
    paintBody(g, t, n);
    if (t.hairStyle() != FaceTraits.HairStyle.LONG) {
      paintEars(g, t, n);
    }
    paintHead(g, t, n, head);
    HairPainter.paintFront(g, t, head);
    HairPainter.paintBeard(g, t, geo, head);
    paintBrows(g, t, geo);
    paintEye(g, t, geo.leftEye(), geo.eyeOpenness());
    paintEye(g, t, geo.rightEye(), geo.eyeOpenness());
    paintNose(g, t, geo);
    paintMouth(g, t, geo, n);
    if (t.hasMole()) {
      g.setColor(scale(t.skin(), 0.45));
      g.fill(circle(t.moleX() + n.yaw(), t.moleY(), 1.5));
    }
    paintOccluder(g, t, n, geo, head);
  }

  /** Skull, cheeks, jaw and chin as one smooth closed outline, symmetric about x = 0. */
  static Shape headShape(double w, double h, double jaw) {
    Path2D p = new Path2D.Double();
    p.moveTo(0, -h);
    p.curveTo(0.56 * w, -h, w, -0.62 * h, w, -0.1 * h);
    p.curveTo(w, 0.42 * h, jaw * w, 0.92 * h, 0, h);
    p.curveTo(-jaw * w, 0.92 * h, -w, 0.42 * h, -w, -0.1 * h);
    p.curveTo(-w, -0.62 * h, -0.56 * w, -h, 0, -h);
    p.closePath();
    return p;
  }

  private static void paintBody(Graphics2D g, FaceTraits t, Nuisance n) {
    double w = t.headHalfWidth();
    double h = t.headHalfHeight();
    g.setColor(scale(t.skin(), 0.82));
    g.fill(new Rectangle2D.Double(-0.42 * w, 0.3 * h, 0.84 * w, h));
    g.setColor(n.shirt());
    g.fill(new Ellipse2D.Double(-2.4 * w, h + 16, 4.8 * w, 150));
    // Collar: a darker V so the neck line reads as clothing rather than background.
    Path2D collar = new Path2D.Double();
    collar.moveTo(-0.45 * w, h + 18);
    collar.lineTo(0, h + 38);
    collar.lineTo(0.45 * w, h + 18);
    g.setColor(scale(n.shirt(), 0.6));
    g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(collar);
  }

  private static void paintEars(Graphics2D g, FaceTraits t, Nuisance n) {
    double w = t.headHalfWidth();
    double rx = 6 * t.earSize();
    double ry = 12 * t.earSize();
    for (int s = -1; s <= 1; s += 2) {
      double cx = s * 0.97 * w - 0.4 * n.yaw();
      double cy = t.eyeY() + 9;
      g.setColor(scale(t.skin(), 0.93));
      g.fill(new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry));
      g.setColor(scale(t.skin(), 0.72));
      g.setStroke(new BasicStroke(1.2f));
      g.draw(new Ellipse2D.Double(cx - rx * 0.5 + s * 1.5, cy - ry * 0.6, rx, ry * 1.2));
    }
  }

  private static void paintHead(Graphics2D g, FaceTraits t, Nuisance n, Shape head) {
    g.setColor(t.skin());
    g.fill(head);
    // Rounded shading: darker towards the outline, so the head reads as a volume.
    float radius = (float) (1.15 * Math.max(t.headHalfWidth(), t.headHalfHeight()));
    RadialGradientPaint shade =
        new RadialGradientPaint(
            new Point2D.Double(n.yaw() * 0.8, -0.1 * t.headHalfHeight()),
            radius,
            new float[] {0f, 0.6f, 1f},
            new Color[] {
              withAlpha(t.skin(), 0),
              withAlpha(scale(t.skin(), 0.85), 0.25),
              withAlpha(scale(t.skin(), 0.6), 0.7)
            },
            MultipleGradientPaint.CycleMethod.NO_CYCLE);
    g.setPaint(shade);
    g.fill(head);
  }

  private static void paintBrows(Graphics2D g, FaceTraits t, FaceGeometry geo) {
    double ew = t.eyeHalfWidth();
    g.setColor(t.brow());
    g.setStroke(
        new BasicStroke((float) t.browThickness(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    for (int s = -1; s <= 1; s += 2) {
      Point2D eye = s < 0 ? geo.leftEye() : geo.rightEye();
      double base = eye.getY() - t.browGap() - geo.browLift();
      double innerX = eye.getX() - s * 0.9 * ew;
      double outerX = eye.getX() + s * 1.3 * ew;
      double outerY = base - Math.tan(Math.toRadians(t.browAngleDeg())) * 2.2 * ew;
      Path2D brow = new Path2D.Double();
      brow.moveTo(innerX, base);
      brow.quadTo((innerX + outerX) / 2, (base + outerY) / 2 - 2 * t.browArch(), outerX, outerY);
      g.draw(brow);
    }
  }

  private static void paintEye(Graphics2D g, FaceTraits t, Point2D c, double openness) {
    double x = c.getX();
    double y = c.getY();
    double ew = t.eyeHalfWidth();
    double eh = t.eyeHalfHeight() * openness;
    g.setColor(withAlpha(scale(t.skin(), 0.7), 0.35));
    g.fill(new Ellipse2D.Double(x - 1.4 * ew, y - 2.3 * eh, 2.8 * ew, 3.8 * eh));

    // Almond outline: two quadratic arcs reaching eh above and below the centre.
    Path2D upper = new Path2D.Double();
    upper.moveTo(x - ew, y);
    upper.quadTo(x, y - 2 * eh, x + ew, y);
    Path2D eye = new Path2D.Double(upper);
    eye.quadTo(x, y + 2 * eh, x - ew, y);
    eye.closePath();
    g.setColor(SCLERA);
    g.fill(eye);

    Shape oldClip = g.getClip();
    g.clip(eye);
    double ir = t.irisRadius();
    g.setColor(t.iris());
    g.fill(circle(x, y, ir));
    g.setColor(scale(t.iris(), 0.55));
    g.setStroke(new BasicStroke(0.8f));
    g.draw(circle(x, y, ir - 0.4));
    g.setColor(PUPIL);
    g.fill(circle(x, y, ir * 0.45));
    // Catch-light at the iris rim, away from the centre, so the pupil centre stays dark.
    g.setColor(new Color(255, 255, 255, 200));
    g.fill(circle(x + 0.6 * ir, y - 0.6 * ir, 0.55));
    g.setClip(oldClip);

    g.setColor(new Color(40, 28, 26));
    g.setStroke(new BasicStroke(1.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(upper);
    Path2D lower = new Path2D.Double();
    lower.moveTo(x - ew, y);
    lower.quadTo(x, y + 2 * eh, x + ew, y);
    g.setColor(scale(t.skin(), 0.65));
    g.setStroke(new BasicStroke(0.6f));
    g.draw(lower);
  }

  private static void paintNose(Graphics2D g, FaceTraits t, FaceGeometry geo) {
    Point2D tip = geo.noseTip();
    double x = tip.getX();
    double y = tip.getY();
    double nw = t.noseHalfWidth();
    Color dark = scale(t.skin(), 0.7);
    double eyeMidX = (geo.leftEye().getX() + geo.rightEye().getX()) / 2;

    // Bridge: shadow lines from between the eyes down to the nose wings.
    g.setStroke(new BasicStroke(1.3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    for (int s = -1; s <= 1; s += 2) {
      Path2D bridge = new Path2D.Double();
      bridge.moveTo(eyeMidX + s * 3.5, t.eyeY() + 3);
      bridge.quadTo(x + s * nw * 0.45, (t.eyeY() + y) / 2 + 2, x + s * nw * 0.7, y - 2);
      g.setColor(withAlpha(dark, s < 0 ? 0.5 : 0.25));
      g.draw(bridge);
    }
    g.setColor(scale(t.skin(), 0.93));
    g.fill(new Ellipse2D.Double(x - 0.45 * nw, y - 0.38 * nw, 0.9 * nw, 0.76 * nw));
    g.setColor(dark);
    g.setStroke(new BasicStroke(1.1f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    for (int s = -1; s <= 1; s += 2) {
      Path2D wing = new Path2D.Double();
      wing.moveTo(x + s * nw * 0.55, y - nw * 0.35);
      wing.quadTo(x + s * nw * 1.05, y + nw * 0.1, x + s * nw * 0.5, y + nw * 0.4);
      g.draw(wing);
      g.setColor(scale(t.skin(), 0.42));
      g.fill(
          new Ellipse2D.Double(
              x + s * nw * 0.36 - 0.22 * nw, y + nw * 0.32 - 0.12 * nw, 0.44 * nw, 0.24 * nw));
      g.setColor(dark);
    }
    g.setColor(new Color(255, 255, 255, 90));
    g.fill(circle(x, y, 0.16 * nw));
  }

  private static void paintMouth(Graphics2D g, FaceTraits t, FaceGeometry geo, Nuisance n) {
    Point2D left = geo.mouthLeft();
    Point2D right = geo.mouthRight();
    double cornerY = left.getY();
    double mx = (left.getX() + right.getX()) / 2;
    double half = (right.getX() - left.getX()) / 2;
    double lip = t.lipThickness();
    double upperInner = geo.mouthCentreY() + 1.2 * n.smile();
    double lowerInner = upperInner + 7 * n.mouthOpen();
    double peakY = upperInner - 1.4 * lip;
    double dipY = upperInner - 0.85 * lip;
    double lowerOuter = lowerInner + 1.7 * lip + 1.0 + 1.5 * n.smile();
    // A quadratic whose midpoint sits at `target` between the two corners has its control at
    // 2*target - cornerY.
    double upperInnerCtl = 2 * upperInner - cornerY;
    double lowerInnerCtl = 2 * lowerInner - cornerY;

    if (n.mouthOpen() > 0) {
      Path2D inside = new Path2D.Double();
      inside.moveTo(left.getX(), cornerY);
      inside.quadTo(mx, upperInnerCtl, right.getX(), cornerY);
      inside.quadTo(mx, lowerInnerCtl, left.getX(), cornerY);
      inside.closePath();
      g.setColor(new Color(70, 22, 28));
      g.fill(inside);
      Shape oldClip = g.getClip();
      g.clip(inside);
      g.setColor(new Color(232, 228, 212));
      g.fill(
          new Rectangle2D.Double(mx - half, upperInner - 3, 2 * half, 2.2 + 2.2 * n.mouthOpen()));
      g.setClip(oldClip);
    }

    Path2D upper = new Path2D.Double();
    upper.moveTo(left.getX(), cornerY);
    upper.quadTo(mx - half * 0.6, peakY, mx - half * 0.25, peakY);
    upper.quadTo(mx - half * 0.08, peakY, mx, dipY);
    upper.quadTo(mx + half * 0.08, peakY, mx + half * 0.25, peakY);
    upper.quadTo(mx + half * 0.6, peakY, right.getX(), cornerY);
    upper.quadTo(mx, upperInnerCtl, left.getX(), cornerY);
    upper.closePath();
    Path2D lower = new Path2D.Double();
    lower.moveTo(left.getX(), cornerY);
    lower.quadTo(mx, lowerInnerCtl, right.getX(), cornerY);
    lower.quadTo(mx, 2 * lowerOuter - cornerY, left.getX(), cornerY);
    lower.closePath();
    g.setColor(scale(t.lip(), 0.88));
    g.fill(upper);
    g.setColor(t.lip());
    g.fill(lower);

    g.setColor(scale(t.lip(), 0.5));
    g.setStroke(new BasicStroke(0.9f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    Path2D line = new Path2D.Double();
    line.moveTo(left.getX(), cornerY);
    line.quadTo(mx, upperInnerCtl, right.getX(), cornerY);
    g.draw(line);
    g.fill(circle(left.getX(), cornerY, 0.8));
    g.fill(circle(right.getX(), cornerY, 0.8));
  }

  private static void paintOccluder(
      Graphics2D g, FaceTraits t, Nuisance n, FaceGeometry geo, Shape head) {
    double w = t.headHalfWidth();
    switch (n.occluder()) {
      case NONE -> {}
      case GLASSES -> {
        double ew = t.eyeHalfWidth();
        double eh = t.eyeHalfHeight();
        g.setStroke(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (Point2D c : new Point2D[] {geo.leftEye(), geo.rightEye()}) {
          Shape frame =
              new RoundRectangle2D.Double(
                  c.getX() - ew - 4.5, c.getY() - eh - 4.5, 2 * ew + 9, 2 * eh + 10, 7, 7);
          g.setColor(new Color(255, 255, 255, 28));
          g.fill(frame);
          g.setColor(n.occluderColour());
          g.draw(frame);
        }
        double y = t.eyeY() - 1;
        Path2D bridge = new Path2D.Double();
        bridge.moveTo(geo.leftEye().getX() + ew + 4.5, y);
        bridge.quadTo(
            (geo.leftEye().getX() + geo.rightEye().getX()) / 2,
            y - 4,
            geo.rightEye().getX() - ew - 4.5,
            y);
        g.draw(bridge);
        g.draw(new Line2D.Double(geo.leftEye().getX() - ew - 4.5, y, -w, y - 1));
        g.draw(new Line2D.Double(geo.rightEye().getX() + ew + 4.5, y, w, y - 1));
      }
      case HAT -> {
        double brim = t.eyeY() - t.browGap() - 9;
        Area crown = new Area(HairPainter.grow(head, 1.12, 1.1, -0.06 * t.headHalfHeight()));
        crown.intersect(
            new Area(
                new Rectangle2D.Double(
                    -2 * w, -3 * t.headHalfHeight(), 4 * w, brim + 3 * t.headHalfHeight())));
        g.setColor(n.occluderColour());
        g.fill(crown);
        Area band = new Area(new Rectangle2D.Double(-2 * w, brim - 8, 4 * w, 5));
        band.intersect(crown);
        g.setColor(scale(n.occluderColour(), 0.6));
        g.fill(band);
        g.fill(new RoundRectangle2D.Double(-1.18 * w, brim - 3, 2.36 * w, 4.5, 4.5, 4.5));
      }
      default -> throw new IllegalStateException("unknown occluder " + n.occluder());
    }
  }

  private static Ellipse2D circle(double x, double y, double r) {
    return new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
  }
}
