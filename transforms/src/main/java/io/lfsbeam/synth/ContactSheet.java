package io.lfsbeam.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A grid of thumbnails with their landmarks drawn as coloured dots and a caption under each: the
 * quickest way for a person to check that faces look right and that points sit on the eyes, nose
 * and mouth corners. Works for any images (raw synthetic faces, aligned crops, real photos).
 */
public final class ContactSheet {
  static {
    Headless.ensure();
  }

  /**
   * Dot colours by point index: left eye red, right eye green, nose blue, mouth corners yellow and
   * magenta.
   */
  private static final Color[] DOT_COLOURS = {
    new Color(255, 40, 40),
    new Color(40, 220, 40),
    new Color(40, 120, 255),
    new Color(255, 220, 0),
    new Color(255, 0, 220)
  };

  private static final int CAPTION_HEIGHT = 14;
  private static final int GAP = 4;

  private ContactSheet() {}

  /**
   * One cell of the sheet.
   *
   * @param image the picture, any size (scaled to fit the thumbnail, aspect kept)
   * @param points optional {@code x0, y0, x1, y1, ...} in the image's pixel-index coordinates
   *     (pixel centres at integers); {@code null} draws no dots
   * @param label optional caption; {@code null} draws none
   */
  public record Tile(BufferedImage image, double[] points, String label) {
    public Tile {
      if (image == null) {
        throw new IllegalArgumentException("tile image is required");
      }
      if (points != null && points.length % 2 != 0) {
        throw new IllegalArgumentException("points must be x,y pairs, got " + points.length);
      }
      points = points == null ? null : points.clone();
    }

    @Override
    public double[] points() {
      return points == null ? null : points.clone();
    }
  }

  /** Lays the tiles out row by row, {@code columns} per row, each in a {@code thumbSize} square. */
  public static BufferedImage render(List<Tile> tiles, int columns, int thumbSize) {
    if (tiles.isEmpty() || columns < 1 || thumbSize < 8) {
      throw new IllegalArgumentException("need at least one tile, columns >= 1 and thumbSize >= 8");
    }
    int cols = Math.min(columns, tiles.size());
    int rows = (tiles.size() + cols - 1) / cols;
    int cellW = thumbSize + GAP;
    int cellH = thumbSize + CAPTION_HEIGHT + GAP;
    BufferedImage sheet =
        new BufferedImage(cols * cellW + GAP, rows * cellH + GAP, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setColor(new Color(30, 30, 30));
      g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
      for (int i = 0; i < tiles.size(); i++) {
        drawTile(g, tiles.get(i), GAP + (i % cols) * cellW, GAP + (i / cols) * cellH, thumbSize);
      }
    } finally {
      g.dispose();
    }
    return sheet;
  }

  /** {@link #render} and save as PNG, creating parent folders. */
  public static void write(List<Tile> tiles, int columns, int thumbSize, Path file)
      throws IOException {
    BufferedImage sheet = render(tiles, columns, thumbSize);
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    WholeFile.write(file, ImageFormat.PNG.encode(sheet));
  }

  private static void drawTile(Graphics2D g, Tile tile, int x0, int y0, int thumbSize) {
    BufferedImage img = tile.image();
    double s = (double) thumbSize / Math.max(img.getWidth(), img.getHeight());
    int w = (int) Math.round(img.getWidth() * s);
    int h = (int) Math.round(img.getHeight() * s);
    g.drawImage(img, x0, y0, w, h, null);
    double[] pts = tile.points;
    if (pts != null) {
      g.setStroke(new BasicStroke(1f));
      double r = Math.max(1.5, thumbSize / 60.0);
      for (int i = 0; i < pts.length / 2; i++) {
        // Pixel-index coordinates: the centre of source pixel i maps to (i + 0.5) * s in the
        // thumbnail.
        double px = x0 + (pts[2 * i] + 0.5) * s;
        double py = y0 + (pts[2 * i + 1] + 0.5) * s;
        Ellipse2D dot = new Ellipse2D.Double(px - r, py - r, 2 * r, 2 * r);
        g.setColor(DOT_COLOURS[i % DOT_COLOURS.length]);
        g.fill(dot);
        g.setColor(Color.BLACK);
        g.draw(dot);
      }
    }
    if (tile.label() != null) {
      g.setColor(new Color(220, 220, 220));
      FontMetrics fm = g.getFontMetrics();
      String text = tile.label();
      while (text.length() > 1 && fm.stringWidth(text) > thumbSize) {
        text = text.substring(0, text.length() - 1);
      }
      g.drawString(text, x0, y0 + thumbSize + fm.getAscent());
    }
  }
}
