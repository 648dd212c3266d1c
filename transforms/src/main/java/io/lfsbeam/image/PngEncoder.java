package io.lfsbeam.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Encodes packed RGB as an 8-bit truecolour PNG, deterministically: the same pixels always give the
 * same bytes (no timestamps or text chunks, a fixed filter and coder), so aligned outputs and their
 * hashes are reproducible across runs and machines.
 *
 * <p>Every row uses the Sub filter (each byte minus the same channel of the pixel to its left), as
 * OpenCV's {@code imencode} does by default, and the filtered rows are coded by {@link
 * HuffmanDeflate}. On aligned faces this is ~5× faster than the adaptive-filter, zlib level 1
 * encoding it replaced (2,390–3,144 vs 595 faces/s per core in {@code lfs bench align}), for files
 * of about the same size (19.9 vs 19.7 KB).
 */
public final class PngEncoder {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte FILTER_SUB = 1;

  private PngEncoder() {}

  public static byte[] encode(RgbImage image) {
    return encode(image.rgb(), image.width(), image.height());
  }

  public static byte[] encode(byte[] rgb, int width, int height) {
    if (width <= 0 || height <= 0 || rgb == null || rgb.length != (long) width * height * 3) {
      throw new IllegalArgumentException(
          "need width*height*3 bytes for "
              + width
              + "x"
              + height
              + ", got "
              + (rgb == null ? "null" : rgb.length));
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
    byte[] idat = HuffmanDeflate.compress(filterRows(rgb, width, height));
    chunk(out, "IDAT", idat, idat.length);
    chunk(out, "IEND", new byte[0], 0);
    return out.toByteArray();
  }

  /**
   * Each row: its filter type byte, then the Sub-filtered bytes (the first pixel is kept as is).
   */
  private static byte[] filterRows(byte[] rgb, int width, int height) {
    int stride = width * 3;
    byte[] filtered = new byte[height * (stride + 1)];
    for (int y = 0; y < height; y++) {
      int row = y * stride;
      int o = y * (stride + 1);
      filtered[o] = FILTER_SUB;
      filtered[o + 1] = rgb[row];
      filtered[o + 2] = rgb[row + 1];
      filtered[o + 3] = rgb[row + 2];
      for (int i = 3; i < stride; i++) {
        filtered[o + 1 + i] = (byte) (rgb[row + i] - rgb[row + i - 3]);
      }
    }
    return filtered;
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
