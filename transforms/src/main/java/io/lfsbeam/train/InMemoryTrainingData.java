package io.lfsbeam.train;

import io.lfsbeam.image.PngDecoder;
import io.lfsbeam.image.RgbImage;
import io.lfsbeam.schemas.AlignedFace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Training images held decoded in the heap, one byte per channel.
 *
 * <p>Memory: 112×112×3 = 37,632 bytes per face plus ~16 bytes of array header, so ~3.8 GB per
 * 100,000 faces (CASIA-WebFace's 494k faces: ~18.6 GB); {@code lfs bench --what=stream} measured
 * 143 MB for 4,000 faces. Larger sets stream instead ({@link StreamedTrainingData}: K × 37.6 KB for
 * a K-face shuffle buffer, whatever the size); the decoded batch of floats the trainer builds is 4×
 * one batch only. In return every epoch is a full permutation and costs no PNG decoding.
 */
public final class InMemoryTrainingData implements TrainingData {
  private final int height;
  private final int width;
  private final int numClasses;
  private final byte[][] pixels;
  private final int[] labels;

  /**
   * @param pixels one H·W·3 RGB array per image (not copied: do not modify afterwards)
   * @param numClasses label upper bound; must exceed every label
   */
  public InMemoryTrainingData(
      int height, int width, int numClasses, byte[][] pixels, int[] labels) {
    if (pixels.length != labels.length) {
      throw new IllegalArgumentException(
          pixels.length + " images but " + labels.length + " labels");
    }
    int bytes = height * width * 3;
    for (int i = 0; i < pixels.length; i++) {
      if (pixels[i].length != bytes) {
        throw new IllegalArgumentException(
            "image " + i + " has " + pixels[i].length + " bytes, expected " + bytes);
      }
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " of image " + i + " outside [0, " + numClasses + ")");
      }
    }
    this.height = height;
    this.width = width;
    this.numClasses = numClasses;
    this.pixels = pixels;
    this.labels = labels.clone();
  }

  /** Decodes PNG (or any ImageIO format) bytes; every image must be width×height. */
  public static InMemoryTrainingData fromEncoded(
      List<byte[]> encoded, int[] labels, int numClasses, int height, int width)
      throws IOException {
    byte[][] pixels = new byte[encoded.size()][];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = decodeRgb(encoded.get(i), height, width);
    }
    return new InMemoryTrainingData(height, width, numClasses, pixels, labels);
  }

  /** From aligned faces (PNG in {@code image}); classes = 1 + the largest label. */
  public static InMemoryTrainingData fromAlignedFaces(List<AlignedFace> faces) throws IOException {
    if (faces.isEmpty()) {
      throw new IllegalArgumentException("no faces to train on");
    }
    int h = faces.get(0).getHeight();
    int w = faces.get(0).getWidth();
    byte[][] pixels = new byte[faces.size()][];
    int[] labels = new int[faces.size()];
    int maxLabel = 0;
    for (int i = 0; i < pixels.length; i++) {
      AlignedFace f = faces.get(i);
      ByteBuffer png = f.getImage();
      byte[] bytes = new byte[png.remaining()];
      png.duplicate().get(bytes);
      pixels[i] = decodeRgb(bytes, h, w);
      labels[i] = f.getLabel();
      maxLabel = Math.max(maxLabel, labels[i]);
    }
    return new InMemoryTrainingData(h, w, maxLabel + 1, pixels, labels);
  }

  /**
   * Decodes an image to H·W·3 RGB bytes; grey or alpha images are converted. The pipeline's own
   * PNGs take {@link PngDecoder}'s fast path; anything else goes through ImageIO.
   */
  public static byte[] decodeRgb(byte[] encoded, int height, int width) throws IOException {
    RgbImage fast = isPng(encoded) ? PngDecoder.decodeRgb(encoded) : null;
    if (fast != null) {
      if (fast.width() != width || fast.height() != height) {
        throw new IOException(
            "image is "
                + fast.width()
                + "x"
                + fast.height()
                + ", expected "
                + width
                + "x"
                + height);
      }
      return fast.rgb();
    }
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(encoded));
    if (img == null) {
      throw new IOException("not a decodable image (" + encoded.length + " bytes)");
    }
    if (img.getWidth() != width || img.getHeight() != height) {
      throw new IOException(
          "image is "
              + img.getWidth()
              + "x"
              + img.getHeight()
              + ", expected "
              + width
              + "x"
              + height);
    }
    byte[] out = new byte[height * width * 3];
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      img.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        int o = (y * width + x) * 3;
        out[o] = (byte) (row[x] >> 16);
        out[o + 1] = (byte) (row[x] >> 8);
        out[o + 2] = (byte) row[x];
      }
    }
    return out;
  }

  private static boolean isPng(byte[] b) {
    return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
  }

  @Override
  public int size() {
    return pixels.length;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public int label(int index) {
    return labels[index];
  }

  @Override
  public void copyPixels(int index, byte[] dst, int offset) {
    System.arraycopy(pixels[index], 0, dst, offset, pixels[index].length);
  }
}
