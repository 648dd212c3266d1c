package io.lfsbeam.synth;

import static io.lfsbeam.synth.FaceTraits.clamp;
import static io.lfsbeam.synth.FaceTraits.withAlpha;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.MultipleGradientPaint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * The image-space effects around and over the face: background, lighting, exposure and sensor
 * noise. None of them moves a landmark; they exist so that a model cannot recognise people from raw
 * pixel values alone.
 */
final class Photometrics {
  private Photometrics() {}

  /** A two-colour gradient with a few soft blobs, so the background is never a constant. */
  static void paintBackground(Graphics2D g, Nuisance n, int size) {
    SplittableRandom r = new SplittableRandom(n.detailSeed());
    double a = SeedMix.uniform(r, 0, 2 * Math.PI);
    float cx = size / 2f;
    float dx = (float) (Math.cos(a) * size / 2);
    float dy = (float) (Math.sin(a) * size / 2);
    g.setPaint(
        new GradientPaint(cx - dx, cx - dy, n.background1(), cx + dx, cx + dy, n.background2()));
    g.fill(new Rectangle2D.Double(0, 0, size, size));
    int blobs = 3 + r.nextInt(5);
    for (int i = 0; i < blobs; i++) {
      Color c =
          Color.getHSBColor(
              (float) r.nextDouble(),
              (float) SeedMix.uniform(r, 0, 0.5),
              (float) SeedMix.uniform(r, 0.2, 0.95));
      g.setColor(withAlpha(c, SeedMix.uniform(r, 0.15, 0.45)));
      double w = SeedMix.uniform(r, 0.1, 0.5) * size;
      double h = SeedMix.uniform(r, 0.1, 0.5) * size;
      double x = SeedMix.uniform(r, -0.2, 1.0) * size;
      double y = SeedMix.uniform(r, -0.2, 1.0) * size;
      g.fill(
          r.nextBoolean() ? new Ellipse2D.Double(x, y, w, h) : new Rectangle2D.Double(x, y, w, h));
    }
  }

  /**
   * Directional light: brighter on the lit side, darker on the far side, across the whole image.
   */
  static void paintLighting(Graphics2D g, Nuisance n, int size) {
    if (n.lightStrength() <= 0) {
      return;
    }
    double c = size / 2.0;
    double dx = Math.cos(n.lightAngle()) * size / 2;
    double dy = Math.sin(n.lightAngle()) * size / 2;
    double s = n.lightStrength();
    g.setPaint(
        new LinearGradientPaint(
            new Point2D.Double(c + dx, c + dy),
            new Point2D.Double(c - dx, c - dy),
            new float[] {0f, 0.5f, 1f},
            new Color[] {
              withAlpha(Color.WHITE, s), withAlpha(Color.GRAY, 0), withAlpha(Color.BLACK, s)
            },
            MultipleGradientPaint.CycleMethod.NO_CYCLE));
    g.fill(new Rectangle2D.Double(0, 0, size, size));
  }

  /** Exposure (brightness, contrast) and additive Gaussian noise, applied in place. */
  static void expose(BufferedImage image, Nuisance n) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    // java.util.Random's Gaussian is specified exactly (polar method), so noise is reproducible on
    // every JVM; LegacyGaussian draws that same sequence without Random's locking
    LegacyGaussian noise = new LegacyGaussian(n.detailSeed() ^ 0x2545F4914F6CDD1DL);
    double sigma = n.noiseSigma();
    double k = n.contrast();
    double b = n.brightness();
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      int red = clamp((((p >> 16) & 0xFF) - 128) * k + 128 + b + sigma * noise.nextGaussian());
      int green = clamp((((p >> 8) & 0xFF) - 128) * k + 128 + b + sigma * noise.nextGaussian());
      int blue = clamp(((p & 0xFF) - 128) * k + 128 + b + sigma * noise.nextGaussian());
      rgb[i] = 0xFF000000 | (red << 16) | (green << 8) | blue;
    }
    image.setRGB(0, 0, w, h, rgb, 0, w);
  }
}
