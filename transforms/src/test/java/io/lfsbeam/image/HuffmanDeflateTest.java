package io.lfsbeam.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class HuffmanDeflateTest {

  @Test
  void zlibInflatesWhatItWrites() throws DataFormatException {
    SplittableRandom random = new SplittableRandom(3);
    byte[] uniform = new byte[100_000];
    random.nextBytes(uniform);
    byte[] skewed = new byte[50_000]; // mostly small filter residuals, as in a face image
    for (int i = 0; i < skewed.length; i++) {
      skewed[i] = (byte) Math.round(random.nextDouble() * random.nextDouble() * 12 - 6);
    }
    byte[] fibonacci = fibonacciCounts(20);
    for (byte[] data :
        new byte[][] {new byte[0], {42}, new byte[1000], uniform, skewed, fibonacci}) {
      byte[] z = HuffmanDeflate.compress(data);
      assertArrayEquals(data, inflate(z), "round trip of " + data.length + " bytes");
    }
  }

  @Test
  void compressesAsWellAsZlibsHuffmanOnlyMode() throws DataFormatException {
    SplittableRandom random = new SplittableRandom(9);
    byte[] data = new byte[40_000];
    for (int i = 0; i < data.length; i++) { // residual-like: peaked around 0
      data[i] =
          (byte)
              Math.round(random.nextDouble() * random.nextDouble() * random.nextDouble() * 40 - 5);
    }
    byte[] ours = HuffmanDeflate.compress(data);
    Deflater zlib = new Deflater(Deflater.BEST_COMPRESSION);
    zlib.setStrategy(Deflater.HUFFMAN_ONLY);
    zlib.setInput(data);
    zlib.finish();
    byte[] buf = new byte[2 * data.length];
    int zlibSize = 0;
    while (!zlib.finished()) {
      zlibSize += zlib.deflate(buf, zlibSize, buf.length - zlibSize);
    }
    zlib.end();
    assertTrue(
        ours.length <= zlibSize * 1.01 + 16,
        "ours " + ours.length + " bytes, zlib's Huffman-only " + zlibSize);
    assertTrue(
        ours.length < data.length / 2, "a peaked distribution should halve, got " + ours.length);
    assertArrayEquals(data, inflate(ours));
  }

  @Test
  void codeLengthsStayWithinTheLimitAndFormACompleteCode() {
    int[] freq = new int[257];
    long a = 1, b = 1;
    for (int i = 0; i < 30; i++) { // Fibonacci counts make the unlimited Huffman tree 29 deep
      freq[i] = (int) a;
      long c = a + b;
      a = b;
      b = c;
    }
    int[] lengths = HuffmanDeflate.codeLengths(freq, 15);
    double kraft = 0;
    for (int i = 0; i < freq.length; i++) {
      assertEquals(freq[i] > 0, lengths[i] > 0, "symbol " + i);
      assertTrue(lengths[i] <= 15, "symbol " + i + " has length " + lengths[i]);
      kraft += lengths[i] > 0 ? Math.pow(2, -lengths[i]) : 0;
    }
    assertEquals(1.0, kraft, 1e-12, "a complete prefix code");
  }

  @Test
  void canonicalCodesFollowRfc1951Example() {
    // RFC 1951 §3.2.2: lengths (3, 3, 3, 3, 3, 2, 4, 4) give codes 010 011 100 101 110 00 1110
    // 1111.
    int[] codes = HuffmanDeflate.canonicalCodes(new int[] {3, 3, 3, 3, 3, 2, 4, 4});
    int[] expected = {0b010, 0b011, 0b100, 0b101, 0b110, 0b00, 0b1110, 0b1111};
    int[] lengths = {3, 3, 3, 3, 3, 2, 4, 4};
    for (int i = 0; i < codes.length; i++) { // stored bit-reversed, as DEFLATE sends them
      assertEquals(expected[i], Integer.reverse(codes[i]) >>> (32 - lengths[i]), "symbol " + i);
    }
  }

  /** Bytes whose counts follow the Fibonacci sequence: the worst case for code length. */
  private static byte[] fibonacciCounts(int symbols) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long a = 1, b = 1;
    for (int s = 0; s < symbols; s++) {
      for (long i = 0; i < a; i++) {
        out.write(s);
      }
      long c = a + b;
      a = b;
      b = c;
    }
    return out.toByteArray();
  }

  private static byte[] inflate(byte[] z) throws DataFormatException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(z);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0
            && !inflater.finished()
            && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new DataFormatException("stream ended early");
        }
        out.write(buf, 0, n);
      }
      assertEquals(0, inflater.getRemaining(), "trailing bytes after the zlib stream");
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }
}
