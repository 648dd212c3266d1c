package io.lfsbeam.synth;

import io.lfsbeam.align.FaceLandmarks;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;

/**
 * Renders a face from its identity traits and per-image nuisances, and reports the five landmarks
 * by pushing the canonical landmark points through the very transform used to draw.
 *
 * <p>Java2D treats pixel (i, j) as the unit square [i, i+1) × [j, j+1), so a point drawn at Java2D
 * coordinate x lands in the pixel whose <em>centre</em> is x in pixel-index units plus 0.5.
 * Landmarks are therefore shifted by -0.5 to the pixel-index convention that alignment code
 * (OpenCV-style warps, the LFW landmark file) uses.
 */
public final class FaceRenderer {
  static {
    Headless.ensure();
  }

  /**
   * Colours of the debug markers, one per landmark, chosen to occur nowhere else in a clean render.
   */
  static final Color[] MARKER_COLOURS = {
    new Color(255, 0, 255),
    new Color(0, 255, 255),
    new Color(255, 255, 0),
    new Color(0, 255, 0),
    new Color(255, 0, 0)
  };

  /** Canonical units per pixel of a 250-pixel image: the nominal LFW framing. */
  static final double NOMINAL_SIZE = 250.0;

  private FaceRenderer() {}

  /** The image {@code size} × {@code size} and its landmarks. */
  public static RenderedFace render(FaceTraits traits, Nuisance nuisance, int size) {
    return render(traits, nuisance, size, false);
  }

  /**
   * With {@code markers}, also draws a small disc of {@link #MARKER_COLOURS}[i] at each canonical
   * landmark through the drawing transform, and skips noise and lighting: a test can then find
   * where the renderer really put each point and compare with the reported landmarks.
   */
  static RenderedFace render(FaceTraits traits, Nuisance nuisance, int size, boolean markers) {
    if (size < 16) {
      throw new IllegalArgumentException("image size must be at least 16, got " + size);
    }
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setRenderingHint(
          RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
      Photometrics.paintBackground(g, nuisance, size);

      AffineTransform placement = placement(nuisance, size);
      FaceGeometry geo = FaceGeometry.of(traits, nuisance);
      AffineTransform base = g.getTransform();
      g.transform(placement);
      FacePainter.paint(g, traits, nuisance, geo);
      if (markers) {
        FaceLandmarks canonical = geo.landmarks();
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
          g.setColor(MARKER_COLOURS[i]);
          double r = 1.5;
          g.fill(new Ellipse2D.Double(canonical.x(i) - r, canonical.y(i) - r, 2 * r, 2 * r));
        }
      }
      g.setTransform(base);
      if (!markers) {
        Photometrics.paintLighting(g, nuisance, size);
      }
      FaceLandmarks landmarks = geo.landmarks().transform(placement).translate(-0.5, -0.5);
      if (!markers) {
        Photometrics.expose(image, nuisance);
      }
      return new RenderedFace(image, landmarks);
    } finally {
      g.dispose();
    }
  }

  /**
   * Canonical frame to image: scale to the image size and the nuisance scale, roll about the face
   * centre, then move the face centre to the image centre plus the nuisance shift.
   */
  static AffineTransform placement(Nuisance n, int size) {
    double k = size / NOMINAL_SIZE;
    AffineTransform t = new AffineTransform();
    t.translate(size / 2.0 + n.shiftX() * k, size / 2.0 + n.shiftY() * k);
    t.rotate(Math.toRadians(n.rotationDeg()));
    t.scale(n.scale() * k, n.scale() * k);
    return t;
  }
}
