package io.lfsbeam.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * An 8-bit RGB image as packed interleaved bytes (r, g, b, r, g, b, … row by row, no padding).
 *
 * <p>The one pixel layout shared by decoding, alignment and PNG encoding, chosen because it is what
 * the warp reads fastest and what a training tensor wants. For speed the byte array is shared, not
 * copied: whoever builds an {@code RgbImage} hands the array over and must not change it
 * afterwards.
 */
public final class RgbImage {
  private final byte[] rgb;
  private final int width;
  private final int height;

  public RgbImage(byte[] rgb, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + width + "x" + height);
    }
    if (rgb == null || rgb.length != (long) width * height * 3) {
      throw new IllegalArgumentException(
          "expected "
              + ((long) width * height * 3)
              + " bytes for "
              + width
              + "x"
              + height
              + " RGB, got "
              + (rgb == null ? "null" : rgb.length));
    }
    this.rgb = rgb;
    this.width = width;
    this.height = height;
  }

  /** The packed bytes (shared, do not modify). */
  public byte[] rgb() {
    return rgb;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Channel c (0 = r, 1 = g, 2 = b) of pixel (x, y), 0..255. */
  public int sample(int x, int y, int c) {
    return rgb[(y * width + x) * 3 + c] & 0xff;
  }

  /** A {@code TYPE_3BYTE_BGR} copy, e.g. for ImageIO or display. */
  public BufferedImage toBufferedImage() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < rgb.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    return img;
  }

  /**
   * Packed RGB from any {@link BufferedImage}. Grey images (1 band, or grey + alpha) are read from
   * the raster and replicated to 3 channels: going through {@code getRGB} would pass them through
   * Java2D's linear-grey-to-sRGB curve and change every value. Alpha is dropped (not composited),
   * as face pipelines conventionally do; deeper samples are scaled to 8 bits.
   */
  public static RgbImage fromBufferedImage(BufferedImage img) {
    int w = img.getWidth(), h = img.getHeight();
    byte[] out = new byte[w * h * 3];
    Raster r = img.getRaster();
    int type = img.getType();
    if (type == BufferedImage.TYPE_3BYTE_BGR
        && r.getDataBuffer() instanceof DataBufferByte
        && r.getParent() == null
        && r.getMinX() == 0
        && r.getMinY() == 0) {
      byte[] bgr = ((DataBufferByte) r.getDataBuffer()).getData();
      for (int i = 0; i < out.length; i += 3) {
        out[i] = bgr[i + 2];
        out[i + 1] = bgr[i + 1];
        out[i + 2] = bgr[i];
      }
    } else if (img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && img.getColorModel().getNumColorComponents() == 1) {
      int bits = img.getColorModel().getComponentSize(0);
      int[] row = new int[w];
      int o = 0;
      for (int y = 0; y < h; y++) {
        r.getSamples(r.getMinX(), r.getMinY() + y, w, 1, 0, row);
        for (int x = 0; x < w; x++, o += 3) {
          int v = to8Bits(row[x], bits);
          out[o] = (byte) v;
          out[o + 1] = (byte) v;
          out[o + 2] = (byte) v;
        }
      }
    } else {
      int[] row = new int[w];
      int o = 0;
      for (int y = 0; y < h; y++) {
        img.getRGB(0, y, w, 1, row, 0, w);
        for (int x = 0; x < w; x++, o += 3) {
          int p = row[x];
          out[o] = (byte) (p >> 16);
          out[o + 1] = (byte) (p >> 8);
          out[o + 2] = (byte) p;
        }
      }
    }
    return new RgbImage(out, w, h);
  }

  private static int to8Bits(int v, int bits) {
    if (bits == 8) {
      return v & 0xff;
    }
    int max = (1 << bits) - 1;
    return (int) Math.round(v * 255.0 / max);
  }
}
