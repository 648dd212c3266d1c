package io.lfsbeam.synth;

import static io.lfsbeam.synth.FaceTraits.blend;
import static io.lfsbeam.synth.FaceTraits.scale;
import static io.lfsbeam.synth.FaceTraits.withAlpha;

import io.lfsbeam.synth.FaceTraits.HairStyle;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.SplittableRandom;

/**
 * Scalp and facial hair, drawn in the canonical face frame. Hair is the strongest large-scale
 * identity cue in the set (colour, outline and hairline), so its details are seeded per identity
 * ({@link FaceTraits#hairSeed()}) and never per image.
 */
final class HairPainter {
  private HairPainter() {}

  /** Hair that lies behind the head outline: long hair and curls. */
  static void paintBack(Graphics2D g, FaceTraits t) {
    double w = t.headHalfWidth();
    double h = t.headHalfHeight();
    g.setColor(t.hair());
    if (t.hairStyle() == HairStyle.LONG) {
      g.fill(new RoundRectangle2D.Double(-1.2 * w, -1.08 * h, 2.4 * w, 2.3 * h, 1.6 * w, 1.4 * w));
    } else if (t.hairStyle() == HairStyle.CURLY) {
      g.fill(curls(t, 1.0));
    }
  }

  /** Hair on top of the head, clipped by the hairline; with a few strands for texture. */
  static void paintFront(Graphics2D g, FaceTraits t, Shape head) {
    double w = t.headHalfWidth();
    double h = t.headHalfHeight();
    Area cap = new Area(grow(head, 1.07, 1.06, -0.05 * h));
    cap.intersect(new Area(aboveHairline(t)));
    if (t.hairStyle() == HairStyle.CURLY) {
      cap.add(new Area(curls(t, 0.75)));
    }
    if (t.hairStyle() == HairStyle.LONG) {
      // Hair falling beside the cheeks frames the face.
      Area sides = new Area(new Rectangle2D.Double(-1.3 * w, t.eyeY() - 20, 0.42 * w, h));
      sides.add(new Area(new Rectangle2D.Double(0.88 * w, t.eyeY() - 20, 0.42 * w, h)));
      sides.intersect(new Area(grow(head, 1.08, 1.0, 0)));
      cap.add(sides);
    }
    Color colour = t.hairStyle() == HairStyle.BUZZ ? blend(t.hair(), t.skin(), 0.6) : t.hair();
    g.setColor(colour);
    g.fill(cap);

    // Strands: a handful of darker and lighter strokes give the hair a direction.
    Shape oldClip = g.getClip();
    g.clip(cap);
    SplittableRandom r = new SplittableRandom(t.hairSeed());
    g.setStroke(new BasicStroke(1.1f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    for (int i = 0; i < 40; i++) {
      double x = SeedMix.uniform(r, -1.1 * w, 1.1 * w);
      double y = SeedMix.uniform(r, -1.1 * h, t.eyeY());
      double len = SeedMix.uniform(r, 6, 16);
      double dir = Math.signum(x + 1e-9) * SeedMix.uniform(r, 0.3, 1.2);
      Path2D strand = new Path2D.Double();
      strand.moveTo(x, y);
      strand.quadTo(x + dir * len * 0.5, y + len * 0.3, x + dir * len, y + len * 0.8);
      g.setColor(withAlpha(scale(colour, r.nextBoolean() ? 0.7 : 1.3), 0.45));
      g.draw(strand);
    }
    g.setClip(oldClip);
  }

  /** Facial hair, drawn before the mouth so that the lips stay visible on top. */
  static void paintBeard(Graphics2D g, FaceTraits t, FaceGeometry geo, Shape head) {
    double h = t.headHalfHeight();
    double mx = (geo.mouthLeft().getX() + geo.mouthRight().getX()) / 2;
    double half = (geo.mouthRight().getX() - geo.mouthLeft().getX()) / 2;
    double cy = geo.mouthCentreY();
    Color colour = scale(t.hair(), t.hair().getRed() > 170 ? 0.85 : 1.0);
    switch (t.beard()) {
      case NONE -> {}
      case STUBBLE -> {
        // A faint shadow over the whole beard area, including above the lip.
        Area area = fullBeard(t, head, mx, half, cy);
        area.add(new Area(mustache(t, geo)));
        g.setColor(withAlpha(colour, 0.3));
        g.fill(area);
      }
      case MUSTACHE -> paintMustache(g, t, geo, colour);
      case GOATEE -> {
        g.setColor(colour);
        g.fill(chinPatch(head, mx, half, cy, t.lipThickness(), h, 0.7));
        paintMustache(g, t, geo, colour);
      }
      case FULL -> {
        g.setColor(colour);
        g.fill(fullBeard(t, head, mx, half, cy));
        paintMustache(g, t, geo, colour);
      }
      default -> throw new IllegalStateException("unknown beard " + t.beard());
    }
  }

  /** Jaw and chin below the nose, leaving the cheeks and the mouth region bare. */
  private static Area fullBeard(FaceTraits t, Shape head, double mx, double half, double cy) {
    double w = t.headHalfWidth();
    double h = t.headHalfHeight();
    double top = t.noseTipY() - 6;
    Area beard = new Area(head);
    beard.intersect(new Area(new Rectangle2D.Double(-2 * w, top, 4 * w, 3 * h)));
    beard.subtract(
        new Area(
            new Ellipse2D.Double(mx - 0.72 * w, top - (cy - top), 1.44 * w, 2 * (cy - top) + 2)));
    beard.add(chinPatch(head, mx, half, cy, t.lipThickness(), h, 1.2));
    return beard;
  }

  /** Hair under the lower lip down to the chin, {@code widthFactor} times the mouth width. */
  private static Area chinPatch(
      Shape head, double mx, double half, double cy, double lip, double h, double widthFactor) {
    double top = cy + 1.6 * lip + 2;
    Area chin =
        new Area(
            new Ellipse2D.Double(
                mx - half * widthFactor, top, 2 * half * widthFactor, 2 * (h - top) + 4));
    chin.intersect(new Area(head));
    return chin;
  }

  private static void paintMustache(Graphics2D g, FaceTraits t, FaceGeometry geo, Color colour) {
    g.setColor(colour);
    g.fill(mustache(t, geo));
  }

  /**
   * From just outside one mouth corner, up under the nose, to the other corner; above the upper
   * lip.
   */
  private static Shape mustache(FaceTraits t, FaceGeometry geo) {
    double lx = geo.mouthLeft().getX() - 1.5;
    double rx = geo.mouthRight().getX() + 1.5;
    double mx = (lx + rx) / 2;
    double endY = geo.mouthLeft().getY() - 0.5;
    double bottom = geo.mouthCentreY() - t.lipThickness() * 1.45 - 0.8;
    double top = Math.min(bottom - 3, t.noseTipY() + t.noseHalfWidth() * 0.55 + 1.5);
    Path2D p = new Path2D.Double();
    p.moveTo(lx, endY);
    p.quadTo(lx + (mx - lx) * 0.3, top, mx, top);
    p.quadTo(rx - (rx - mx) * 0.3, top, rx, endY);
    p.quadTo(mx, 2 * bottom - endY, lx, endY);
    p.closePath();
    return p;
  }

  /** The region above the hairline; its lower edge is the hairline seen on the forehead. */
  private static Shape aboveHairline(FaceTraits t) {
    double w = t.headHalfWidth();
    double h = t.headHalfHeight();
    double hl = t.hairlineY();
    Path2D p = new Path2D.Double();
    switch (t.hairStyle()) {
      case BALD -> {
        // Only a fringe above the ears remains.
        p.append(new Rectangle2D.Double(-2 * w, t.eyeY() - 22, 1.2 * w, 26), false);
        p.append(new Rectangle2D.Double(0.8 * w, t.eyeY() - 22, 1.2 * w, 26), false);
        return p;
      }
      case SIDE_PART, LONG -> {
        boolean partLeft = (t.hairSeed() & 1) == 0;
        double side = partLeft ? -1 : 1;
        double sideY = t.eyeY() - 2;
        p.moveTo(-2 * w, -3 * h);
        p.lineTo(2 * w, -3 * h);
        p.lineTo(2 * w, sideY);
        p.lineTo(w, sideY);
        // A sweeping fringe: low on one side, high at the parting on the other.
        p.curveTo(0.5 * w, hl + 14 * -side, -0.2 * w, hl - 2, -side * 0.45 * w, hl - 8);
        p.curveTo(-side * 0.6 * w, hl - 6, -0.9 * w, sideY - 10, -w, sideY);
        p.lineTo(-2 * w, sideY);
        p.closePath();
        return p;
      }
      default -> {
        double sideY = t.eyeY() - (t.hairStyle() == HairStyle.RECEDING ? 10 : 4);
        p.moveTo(-2 * w, -3 * h);
        p.lineTo(2 * w, -3 * h);
        p.lineTo(2 * w, sideY);
        p.lineTo(0.95 * w, sideY);
        p.quadTo(0, 2 * hl - sideY, -0.95 * w, sideY);
        p.lineTo(-2 * w, sideY);
        p.closePath();
        return p;
      }
    }
  }

  /** A ring of overlapping circles over the skull: curly hair, seeded per identity. */
  private static Shape curls(FaceTraits t, double sizeFactor) {
    SplittableRandom r = new SplittableRandom(t.hairSeed() ^ 0x5DEECE66DL);
    double w = t.headHalfWidth();
    double h = t.headHalfHeight();
    Path2D p = new Path2D.Double();
    for (int i = 0; i <= 22; i++) {
      double a = Math.toRadians(-195 + i * (210.0 / 22));
      double rad = SeedMix.uniform(r, 9, 15) * sizeFactor;
      double cx = 1.02 * w * Math.cos(a);
      double cy = 1.0 * h * Math.sin(a) - 4;
      p.append(new Ellipse2D.Double(cx - rad, cy - rad, 2 * rad, 2 * rad), false);
    }
    Area area = new Area(p);
    return area;
  }

  /** {@code shape} scaled about the origin and shifted down by {@code dy}. */
  static Shape grow(Shape shape, double sx, double sy, double dy) {
    AffineTransform t = AffineTransform.getTranslateInstance(0, dy);
    t.scale(sx, sy);
    return t.createTransformedShape(shape);
  }
}
