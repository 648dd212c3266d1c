package io.lfsbeam.align;

import io.lfsbeam.image.RgbImage;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Affine warp of packed interleaved RGB bytes with bilinear sampling and a constant 0 border.
 *
 * <p>Convention (OpenCV {@code warpAffine}, {@code INTER_LINEAR}, {@code BORDER_CONSTANT} 0): the
 * matrix maps source to destination pixel coordinates with pixel centres at integers. It is
 * inverted once; each destination pixel (x, y) samples the source at M⁻¹·(x, y), interpolating
 * bilinearly over the four neighbours (⌊sx⌋, ⌊sy⌋) … (⌊sx⌋ + 1, ⌊sy⌋ + 1), where a neighbour
 * outside the source counts as 0. So the last row/column is reproduced exactly by the identity (its
 * missing neighbours have weight 0), and a sample half a pixel beyond the edge gets half the edge
 * value.
 *
 * <p>Speed: source coordinates advance along a row in 32.32 fixed point (no per-pixel division or
 * allocation), and each row's run of pixels whose neighbourhood is wholly inside the source is
 * found up front, so the hot loop has no bounds branch. The sub-pixel position is rounded to 1/2048
 * pixel and interpolation is exact integer arithmetic, so the result is within one grey level of a
 * double-precision reference; OpenCV's coarser 1/32-pixel table would be off by several levels on
 * high-contrast texture.
 */
public final class AffineWarp {
  private static final int FRAC_BITS = 11;
  private static final int ONE = 1 << FRAC_BITS;
  private static final int FRAC_MASK = ONE - 1;
  private static final int ROUND = 1 << (2 * FRAC_BITS - 1);
  private static final int SHIFT_FROM_32 = 32 - FRAC_BITS;
  private static final double FIXED_ONE = 4294967296.0; // 2^32

  /**
   * Fixed-point 32.32 keeps integer parts in int range; beyond this the warp refuses the matrix.
   */
  private static final double MAX_COORD = 1 << 30;

  private AffineWarp() {}

  /** Warps into a new {@code outWidth × outHeight × 3} array. */
  public static byte[] warp(
      byte[] rgb, int width, int height, double[] srcToDst, int outWidth, int outHeight) {
    byte[] out = new byte[checkedLength(outWidth, outHeight)];
    warpInto(rgb, width, height, srcToDst, out, outWidth, outHeight);
    return out;
  }

  /** Warps an {@link RgbImage}. */
  public static RgbImage warp(RgbImage src, double[] srcToDst, int outWidth, int outHeight) {
    return new RgbImage(
        warp(src.rgb(), src.width(), src.height(), srcToDst, outWidth, outHeight),
        outWidth,
        outHeight);
  }

  /** Convenience for {@link BufferedImage}s (any type in, {@code TYPE_3BYTE_BGR} out). */
  public static BufferedImage warp(
      BufferedImage src, double[] srcToDst, int outWidth, int outHeight) {
    return warp(RgbImage.fromBufferedImage(src), srcToDst, outWidth, outHeight).toBufferedImage();
  }

  /**
   * Warps into a caller-supplied buffer (every byte of it is written), so a tight loop allocates
   * nothing.
   */
  public static void warpInto(
      byte[] rgb,
      int width,
      int height,
      double[] srcToDst,
      byte[] out,
      int outWidth,
      int outHeight) {
    if (width <= 0 || height <= 0 || rgb == null || rgb.length < (long) width * height * 3) {
      throw new IllegalArgumentException(
          "source must hold width*height*3 bytes, got "
              + (rgb == null ? "null" : rgb.length)
              + " for "
              + width
              + "x"
              + height);
    }
    if (out == null || out.length < checkedLength(outWidth, outHeight)) {
      throw new IllegalArgumentException(
          "output buffer too small for " + outWidth + "x" + outHeight);
    }
    double[] inv = invert(srcToDst);
    checkRange(inv, outWidth, outHeight);
    final long stepX = Math.round(inv[0] * FIXED_ONE);
    final long stepY = Math.round(inv[3] * FIXED_ONE);
    // Adding half of the last kept fraction bit rounds (rather than truncates) the sub-pixel
    // position.
    final long half = 1L << (SHIFT_FROM_32 - 1);
    final long xLimit = (long) (width - 1) << 32; // interior: 0 <= sx < xLimit, so x+1 exists
    final long yLimit = (long) (height - 1) << 32;
    final int stride = width * 3;
    final long[] span = new long[2];
    int o = 0;
    for (int y = 0; y < outHeight; y++) {
      final long sx0 = Math.round((inv[1] * y + inv[2]) * FIXED_ONE) + half;
      final long sy0 = Math.round((inv[4] * y + inv[5]) * FIXED_ONE) + half;
      // sx = sx0 + x·stepX exactly, so the x whose 2×2 neighbourhood is inside form one interval,
      // found in integer arithmetic: the hot loop needs no bounds branch.
      span[0] = 0;
      span[1] = outWidth - 1L;
      clip(span, sx0, stepX, xLimit);
      clip(span, sy0, stepY, yLimit);
      final long first = span[0], last = span[1];
      long sx = sx0, sy = sy0;
      int x = 0;
      for (; x < outWidth && x < first; x++, sx += stepX, sy += stepY, o += 3) {
        borderPixel(rgb, width, height, sx, sy, out, o);
      }
      for (; x <= last; x++, sx += stepX, sy += stepY, o += 3) {
        int fx = (int) (sx >>> SHIFT_FROM_32) & FRAC_MASK;
        int fy = (int) (sy >>> SHIFT_FROM_32) & FRAC_MASK;
        int p = (int) (sy >> 32) * stride + (int) (sx >> 32) * 3;
        int q = p + stride;
        // Weights in units of 2^-22 summing to exactly 2^22; the sum stays below 2^30.
        int w00 = (ONE - fx) * (ONE - fy),
            w01 = fx * (ONE - fy),
            w10 = (ONE - fx) * fy,
            w11 = fx * fy;
        out[o] =
            (byte)
                (((rgb[p] & 0xff) * w00
                        + (rgb[p + 3] & 0xff) * w01
                        + (rgb[q] & 0xff) * w10
                        + (rgb[q + 3] & 0xff) * w11
                        + ROUND)
                    >>> (2 * FRAC_BITS));
        out[o + 1] =
            (byte)
                (((rgb[p + 1] & 0xff) * w00
                        + (rgb[p + 4] & 0xff) * w01
                        + (rgb[q + 1] & 0xff) * w10
                        + (rgb[q + 4] & 0xff) * w11
                        + ROUND)
                    >>> (2 * FRAC_BITS));
        out[o + 2] =
            (byte)
                (((rgb[p + 2] & 0xff) * w00
                        + (rgb[p + 5] & 0xff) * w01
                        + (rgb[q + 2] & 0xff) * w10
                        + (rgb[q + 5] & 0xff) * w11
                        + ROUND)
                    >>> (2 * FRAC_BITS));
      }
      for (; x < outWidth; x++, sx += stepX, sy += stepY, o += 3) {
        borderPixel(rgb, width, height, sx, sy, out, o);
      }
    }
  }

  /**
   * Narrows [span[0], span[1]] to the x with 0 ≤ s0 + x·step < limit (empty: span[0] > span[1]).
   */
  private static void clip(long[] span, long s0, long step, long limit) {
    if (step == 0) {
      if (s0 < 0 || s0 >= limit) {
        span[0] = 1;
        span[1] = 0;
      }
      return;
    }
    long lo, hi;
    if (step > 0) {
      lo = ceilDiv(-s0, step); // s0 + x·step >= 0
      hi = Math.floorDiv(limit - 1 - s0, step); // s0 + x·step <= limit - 1
    } else {
      lo = ceilDiv(limit - 1 - s0, step); // dividing by a negative flips the inequalities
      hi = Math.floorDiv(-s0, step);
    }
    span[0] = Math.max(span[0], lo);
    span[1] = Math.min(span[1], hi);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  /**
   * A sample whose 2×2 neighbourhood is not wholly inside the source: each missing neighbour
   * contributes 0 (all four missing gives 0).
   */
  private static void borderPixel(
      byte[] rgb, int width, int height, long sx, long sy, byte[] out, int o) {
    long xl = sx >> 32, yl = sy >> 32;
    if (xl < -1 || yl < -1 || xl >= width || yl >= height) {
      out[o] = 0;
      out[o + 1] = 0;
      out[o + 2] = 0;
      return;
    }
    int xi = (int) xl, yi = (int) yl;
    int fx = (int) (sx >>> SHIFT_FROM_32) & FRAC_MASK;
    int fy = (int) (sy >>> SHIFT_FROM_32) & FRAC_MASK;
    boolean x0 = xi >= 0, x1 = xi + 1 < width, y0 = yi >= 0, y1 = yi + 1 < height;
    int w00 = (ONE - fx) * (ONE - fy), w01 = fx * (ONE - fy), w10 = (ONE - fx) * fy, w11 = fx * fy;
    int stride = width * 3;
    int p = yi * stride + xi * 3;
    for (int c = 0; c < 3; c++) {
      int acc = ROUND;
      if (y0 && x0) acc += w00 * (rgb[p + c] & 0xff);
      if (y0 && x1) acc += w01 * (rgb[p + 3 + c] & 0xff);
      if (y1 && x0) acc += w10 * (rgb[p + stride + c] & 0xff);
      if (y1 && x1) acc += w11 * (rgb[p + stride + 3 + c] & 0xff);
      out[o + c] = (byte) (acc >>> (2 * FRAC_BITS));
    }
  }

  /** Inverse of a row-major 2×3 affine matrix. */
  public static double[] invert(double[] m) {
    if (m == null || m.length != 6) {
      throw new IllegalArgumentException("an affine matrix is 6 numbers (row-major 2x3)");
    }
    for (double v : m) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            "affine matrix has a non-finite entry: " + Arrays.toString(m));
      }
    }
    double det = m[0] * m[4] - m[1] * m[3];
    double norm = Math.abs(m[0]) + Math.abs(m[1]) + Math.abs(m[3]) + Math.abs(m[4]);
    if (!(Math.abs(det) > 1e-12 * norm * norm)) {
      throw new IllegalArgumentException(
          "affine matrix is singular (det "
              + det
              + "): it collapses the image and cannot be inverted");
    }
    double i00 = m[4] / det, i01 = -m[1] / det, i10 = -m[3] / det, i11 = m[0] / det;
    return new double[] {
      i00, i01, -(i00 * m[2] + i01 * m[5]), i10, i11, -(i10 * m[2] + i11 * m[5])
    };
  }

  /**
   * The affine map is extreme at the output corners; keep them where 32.32 fixed point is exact.
   */
  private static void checkRange(double[] inv, int outWidth, int outHeight) {
    for (int cy = 0; cy <= 1; cy++) {
      for (int cx = 0; cx <= 1; cx++) {
        double x = cx * (outWidth - 1.0), y = cy * (outHeight - 1.0);
        double sx = inv[0] * x + inv[1] * y + inv[2];
        double sy = inv[3] * x + inv[4] * y + inv[5];
        if (!(Math.abs(sx) < MAX_COORD && Math.abs(sy) < MAX_COORD)) {
          throw new IllegalArgumentException(
              "affine matrix maps the output corner ("
                  + x
                  + ", "
                  + y
                  + ") to ("
                  + sx
                  + ", "
                  + sy
                  + "), absurdly far outside any source image");
        }
      }
    }
  }

  private static int checkedLength(int w, int h) {
    if (w <= 0 || h <= 0 || (long) w * h * 3 > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("invalid output size " + w + "x" + h);
    }
    return w * h * 3;
  }
}
