package io.lfsbeam.align;

import io.lfsbeam.image.RgbImage;

/**
 * Alignment for datasets that are already roughly cropped and carry no landmarks (e.g. ORL, 92×112
 * grey): take a centred box with the output's aspect ratio, {@code cropScale} times the largest
 * such box that fits the image (for a square output, side = cropScale × min(w, h)), and resample it
 * to the output size.
 *
 * <p>The mapping is a plain scale-and-translate, exposed by {@link #matrix} so it is recorded like
 * the landmark path. Pixel centres are at integers and the box's outer edges map to the output's
 * outer edges (−0.5 and size − 0.5), so the image centre lands exactly on the output centre.
 *
 * <p>Resampling is separable with a triangle (tent) kernel. Upscaling uses the unit tent, which is
 * exactly bilinear interpolation; downscaling widens the tent to the source-pixel footprint of one
 * output pixel (as Pillow's antialiased bilinear does) so detail averages instead of aliasing. Like
 * a resize (OpenCV {@code resize}, Pillow), weights are normalised over the taps that fall inside
 * the image, so the edge is extended rather than faded to black — otherwise every crop that touches
 * the border would get a dark frame. Output pixels with no tap inside the image (only possible with
 * cropScale &gt; 1) are 0, as in {@link AffineWarp}.
 */
public final class CenterCrop {
  /** Crops larger than this are surely a mistake (the face would be a speck in black). */
  public static final double MAX_CROP_SCALE = 4.0;

  private CenterCrop() {}

  /** The row-major 2×3 source→output matrix of the crop. */
  public static double[] matrix(
      int srcWidth, int srcHeight, int outWidth, int outHeight, double cropScale) {
    checkSizes(srcWidth, srcHeight, outWidth, outHeight, cropScale);
    double aspect = (double) outWidth / outHeight;
    double boxW = srcWidth, boxH = srcWidth / aspect;
    if (boxH > srcHeight) {
      boxH = srcHeight;
      boxW = srcHeight * aspect;
    }
    double s = outWidth / (boxW * cropScale);
    return new double[] {
      s,
      0,
      (outWidth - 1) / 2.0 - s * (srcWidth - 1) / 2.0,
      0,
      s,
      (outHeight - 1) / 2.0 - s * (srcHeight - 1) / 2.0
    };
  }

  public static RgbImage apply(RgbImage src, int outWidth, int outHeight, double cropScale) {
    return new RgbImage(
        apply(src.rgb(), src.width(), src.height(), outWidth, outHeight, cropScale),
        outWidth,
        outHeight);
  }

  /** The crop resampled to {@code outWidth × outHeight} packed RGB. */
  public static byte[] apply(
      byte[] rgb, int width, int height, int outWidth, int outHeight, double cropScale) {
    double[] m = matrix(width, height, outWidth, outHeight, cropScale);
    if (rgb == null || rgb.length != width * height * 3) {
      throw new IllegalArgumentException(
          "source must hold width*height*3 bytes for " + width + "x" + height);
    }
    Taps cols = Taps.of(m[0], m[2], outWidth, width);
    Taps rows = Taps.of(m[4], m[5], outHeight, height);
    // Horizontal pass over only the source rows some output row reads.
    int rowLo = rows.minIndex(), rowHi = rows.maxIndex();
    int usedRows = Math.max(0, rowHi - rowLo + 1);
    float[] mid = new float[usedRows * outWidth * 3];
    for (int r = 0; r < usedRows; r++) {
      int base = (rowLo + r) * width * 3;
      for (int x = 0; x < outWidth; x++) {
        float cr = 0, cg = 0, cb = 0;
        for (int k = cols.start[x]; k < cols.start[x + 1]; k++) {
          int p = base + cols.index[k] * 3;
          float wgt = cols.weight[k];
          cr += wgt * (rgb[p] & 0xff);
          cg += wgt * (rgb[p + 1] & 0xff);
          cb += wgt * (rgb[p + 2] & 0xff);
        }
        int o = (r * outWidth + x) * 3;
        mid[o] = cr;
        mid[o + 1] = cg;
        mid[o + 2] = cb;
      }
    }
    byte[] out = new byte[outWidth * outHeight * 3];
    for (int y = 0; y < outHeight; y++) {
      for (int x = 0; x < outWidth; x++) {
        float cr = 0, cg = 0, cb = 0;
        for (int k = rows.start[y]; k < rows.start[y + 1]; k++) {
          int p = ((rows.index[k] - rowLo) * outWidth + x) * 3;
          float wgt = rows.weight[k];
          cr += wgt * mid[p];
          cg += wgt * mid[p + 1];
          cb += wgt * mid[p + 2];
        }
        int o = (y * outWidth + x) * 3;
        out[o] = toByte(cr);
        out[o + 1] = toByte(cg);
        out[o + 2] = toByte(cb);
      }
    }
    return out;
  }

  private static byte toByte(float v) {
    int i = Math.round(v);
    return (byte) (i < 0 ? 0 : Math.min(i, 255));
  }

  private static void checkSizes(int srcW, int srcH, int outW, int outH, double cropScale) {
    if (srcW <= 0 || srcH <= 0 || outW <= 0 || outH <= 0) {
      throw new IllegalArgumentException(
          "sizes must be positive: source " + srcW + "x" + srcH + ", output " + outW + "x" + outH);
    }
    if (!(cropScale > 0) || cropScale > MAX_CROP_SCALE) {
      throw new IllegalArgumentException(
          "cropScale must be in (0, " + MAX_CROP_SCALE + "], got " + cropScale);
    }
  }

  /**
   * One axis of the separable filter: for output i, source indices index[start[i] .. start[i+1])
   * with weights normalised over the taps inside the source.
   */
  private static final class Taps {
    final int[] start;
    final int[] index;
    final float[] weight;

    private Taps(int[] start, int[] index, float[] weight) {
      this.start = start;
      this.index = index;
      this.weight = weight;
    }

    /** Output coordinate = scale·source + offset along this axis. */
    static Taps of(double scale, double offset, int outSize, int srcSize) {
      double support = Math.max(1.0, 1.0 / scale); // tent half-width in source pixels
      int maxTaps = (int) Math.ceil(2 * support) + 1;
      int[] start = new int[outSize + 1];
      int[] index = new int[outSize * maxTaps];
      float[] weight = new float[outSize * maxTaps];
      int n = 0;
      for (int i = 0; i < outSize; i++) {
        start[i] = n;
        double centre = (i - offset) / scale;
        int lo = (int) Math.floor(centre - support) + 1;
        int hi = (int) Math.ceil(centre + support) - 1;
        double total = 0;
        for (int j = Math.max(lo, 0); j <= Math.min(hi, srcSize - 1); j++) {
          total += Math.max(0.0, 1.0 - Math.abs(j - centre) / support);
        }
        for (int j = lo; j <= hi; j++) {
          double wgt = Math.max(0.0, 1.0 - Math.abs(j - centre) / support);
          if (wgt > 0 && j >= 0 && j < srcSize && total > 0) {
            index[n] = j;
            weight[n] = (float) (wgt / total);
            n++;
          }
        }
      }
      start[outSize] = n;
      return new Taps(start, index, weight);
    }

    int minIndex() {
      int m = Integer.MAX_VALUE;
      for (int k = 0; k < start[start.length - 1]; k++) {
        m = Math.min(m, index[k]);
      }
      return m == Integer.MAX_VALUE ? 0 : m;
    }

    int maxIndex() {
      int m = -1;
      for (int k = 0; k < start[start.length - 1]; k++) {
        m = Math.max(m, index[k]);
      }
      return m;
    }
  }
}
