package io.lfsbeam.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes packed RGB as an 8-bit truecolour PNG, deterministically: the same pixels always give the
 * same bytes (no timestamps or text chunks, fixed compression level and filter choice), so aligned
 * outputs and their hashes are reproducible across runs and machines.
 *
 * <p>Each row uses the PNG filter with the smallest sum of absolute filtered values (the usual
 * libpng heuristic), which suits photographs.
 */
public final class PngEncoder {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  // Level 1: 2.7x faster than 6 on aligned faces (1.55 vs 4.16 ms per 112x112 face, measured with
  // `lfs bench --what=align`) for files 7% larger; encoding was the slowest stage of preprocess.
  private static final int COMPRESSION_LEVEL = 1;

  private PngEncoder() {}

  public static byte[] encode(RgbImage image) {
    return encode(image.rgb(), image.width(), image.height());
  }

  public static byte[] encode(byte[] rgb, int width, int height) {
    if (width <= 0 || height <= 0 || rgb == null || rgb.length != (long) width * height * 3) {
      throw new IllegalArgumentException(
          "need width*height*3 bytes for " + width + "x" + height + ", got " + (rgb == null ? "null" : rgb.length));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(rgb.length / 2 + 64);
    out.writeBytes(SIGNATURE);
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 2; // colour type: truecolour
    // compression 0, filter method 0, no interlace
    chunk(out, "IHDR", ihdr, ihdr.length);
    byte[] idat = deflate(filterRows(rgb, width, height));
    chunk(out, "IDAT", idat, idat.length);
    chunk(out, "IEND", new byte[0], 0);
    return out.toByteArray();
  }

  private static byte[] filterRows(byte[] rgb, int width, int height) {
    int stride = width * 3;
    byte[] filtered = new byte[height * (stride + 1)];
    byte[] candidate = new byte[stride];
    byte[] best = new byte[stride];
    for (int y = 0; y < height; y++) {
      int row = y * stride;
      int prev = row - stride; // < 0 on the first row: "up" is 0 there
      long bestSum = Long.MAX_VALUE;
      int bestType = 0;
      for (int type = 0; type <= 4; type++) {
        long sum = 0;
        for (int i = 0; i < stride; i++) {
          int x = rgb[row + i] & 0xff;
          int a = i >= 3 ? rgb[row + i - 3] & 0xff : 0;
          int b = prev >= 0 ? rgb[prev + i] & 0xff : 0;
          int c = (i >= 3 && prev >= 0) ? rgb[prev + i - 3] & 0xff : 0;
          int predictor;
          switch (type) {
            case 0: predictor = 0; break;
            case 1: predictor = a; break;
            case 2: predictor = b; break;
            case 3: predictor = (a + b) >>> 1; break;
            default: predictor = paeth(a, b, c); break;
          }
          byte v = (byte) (x - predictor);
          candidate[i] = v;
          sum += Math.abs((int) v);
        }
        if (sum < bestSum) {
          bestSum = sum;
          bestType = type;
          System.arraycopy(candidate, 0, best, 0, stride);
        }
      }
      int o = y * (stride + 1);
      filtered[o] = (byte) bestType;
      System.arraycopy(best, 0, filtered, o + 1, stride);
    }
    return filtered;
  }

  private static int paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
    if (pa <= pb && pa <= pc) {
      return a;
    }
    return pb <= pc ? b : c;
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(COMPRESSION_LEVEL);
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
      byte[] buf = new byte[8192];
      while (!deflater.finished()) {
        int n = deflater.deflate(buf);
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
    byte[] len = new byte[4];
    putInt(len, 0, length);
    out.writeBytes(len);
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(typeBytes);
    out.write(data, 0, length);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data, 0, length);
    byte[] c = new byte[4];
    putInt(c, 0, (int) crc.getValue());
    out.writeBytes(c);
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }
}
