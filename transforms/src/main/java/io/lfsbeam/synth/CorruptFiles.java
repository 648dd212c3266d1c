package io.lfsbeam.synth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Makes the bytes of deliberately broken image files from the bytes of a valid one, so that readers
 * can be tested against the failures real crawls produce.
 */
public final class CorruptFiles {
  /**
   * Side length declared by {@link CorruptKind#TOO_MANY_PIXELS}: 3.6 gigapixels, about 10 GB as
   * RGB.
   */
  public static final int HUGE_SIDE = 60000;

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private CorruptFiles() {}

  /**
   * The broken file of {@code kind}, derived from {@code valid}, a complete file in {@code format}.
   * The result keeps the container of {@code format} where that matters (truncation, huge header).
   */
  public static byte[] make(CorruptKind kind, byte[] valid, ImageFormat format) {
    switch (kind) {
      case ZERO_BYTES:
        return new byte[0];
      case TRUNCATED:
        // Keep the header and the start of the data: the file sniffs as an image, then ends early.
        return Arrays.copyOf(valid, Math.max(64, valid.length * 2 / 5));
      case NOT_AN_IMAGE:
        return ("<html><body>404 Not Found: this synthetic file is text, not an image.</body></html>\n")
            .getBytes(StandardCharsets.US_ASCII);
      case TOO_MANY_PIXELS:
        return format == ImageFormat.PNG ? hugePng(valid) : hugeJpeg(valid);
      default:
        throw new IllegalArgumentException("unknown kind " + kind);
    }
  }

  /**
   * Rewrites the IHDR width and height of a PNG and recomputes the chunk CRC, so the header is
   * valid.
   */
  static byte[] hugePng(byte[] png) {
    byte[] out = png.clone();
    if (!Arrays.equals(Arrays.copyOf(out, 8), PNG_SIGNATURE)
        || !new String(out, 12, 4, StandardCharsets.US_ASCII).equals("IHDR")) {
      throw new IllegalArgumentException("not a PNG starting with IHDR");
    }
    // Layout: signature(8) length(4) "IHDR"(4) width(4) height(4) ... crc after 13 data bytes.
    putInt(out, 16, HUGE_SIDE);
    putInt(out, 20, HUGE_SIDE);
    CRC32 crc = new CRC32();
    crc.update(out, 12, 4 + 13);
    putInt(out, 12 + 4 + 13, (int) crc.getValue());
    return out;
  }

  /** Rewrites the frame size in the first baseline/progressive start-of-frame segment of a JPEG. */
  static byte[] hugeJpeg(byte[] jpeg) {
    byte[] out = jpeg.clone();
    int i = 2;
    while (i + 4 < out.length && (out[i] & 0xFF) == 0xFF) {
      int marker = out[i + 1] & 0xFF;
      int length = ((out[i + 2] & 0xFF) << 8) | (out[i + 3] & 0xFF);
      if (marker == 0xC0 || marker == 0xC1 || marker == 0xC2) {
        // SOFn: length(2) precision(1) height(2) width(2) ...
        putShort(out, i + 5, HUGE_SIDE);
        putShort(out, i + 7, HUGE_SIDE);
        return out;
      }
      i += 2 + length;
    }
    throw new IllegalArgumentException("no start-of-frame segment found in JPEG");
  }

  /** Width and height declared by a PNG's IHDR chunk, or null if {@code bytes} is not a PNG. */
  public static int[] pngHeaderSize(byte[] bytes) {
    if (bytes.length < 24 || !Arrays.equals(Arrays.copyOf(bytes, 8), PNG_SIGNATURE)) {
      return null;
    }
    return new int[] {getInt(bytes, 16), getInt(bytes, 20)};
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static void putShort(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 8);
    b[at + 1] = (byte) v;
  }

  private static int getInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }
}
