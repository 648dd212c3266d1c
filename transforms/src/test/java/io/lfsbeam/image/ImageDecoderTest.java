package io.lfsbeam.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
  private final ImageDecoder decoder = new ImageDecoder();

  @Test
  void pngAndBmpRoundTripExactly() throws IOException {
    BufferedImage img = randomRgb(37, 29, 1);
    for (String format : new String[] {"png", "bmp"}) {
      DecodeResult r = decoder.decode(write(img, format));
      assertTrue(r.isDecoded(), format + ": " + r);
      assertArrayEquals(RgbImage.fromBufferedImage(img).rgb(), r.image().rgb(), format);
      assertFalse(r.sourceWasGrey());
    }
  }

  @Test
  void gifRoundTripsAFewColourImageExactly() throws IOException {
    BufferedImage img = new BufferedImage(20, 16, BufferedImage.TYPE_3BYTE_BGR);
    int[] palette = {0xff0000, 0x00ff00, 0x0000ff, 0xffffff, 0x000000, 0x808080};
    SplittableRandom rnd = new SplittableRandom(2);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 20; x++) {
        img.setRGB(x, y, palette[rnd.nextInt(palette.length)]);
      }
    }
    DecodeResult r = decoder.decode(write(img, "gif"));
    assertTrue(r.isDecoded(), r.toString());
    assertEquals("gif", r.format());
    assertArrayEquals(RgbImage.fromBufferedImage(img).rgb(), r.image().rgb());
  }

  @Test
  void jpegRoundTripIsClose() throws IOException {
    BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        img.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | ((x + y) * 2));
      }
    }
    DecodeResult r = decoder.decode(write(img, "jpeg"));
    assertTrue(r.isDecoded(), r.toString());
    byte[] want = RgbImage.fromBufferedImage(img).rgb();
    byte[] got = r.image().rgb();
    double meanAbs = 0;
    for (int i = 0; i < want.length; i++) {
      meanAbs += Math.abs((want[i] & 0xff) - (got[i] & 0xff));
    }
    meanAbs /= want.length;
    assertTrue(meanAbs < 3, "mean abs difference " + meanAbs);
  }

  /**
   * Colour JPEGs take the fast road (a reused reader writing RGB bytes); the oracle is the JDK's
   * own decoding, {@code ImageIO.read} and {@code getRGB}, pixel for pixel, also when one thread
   * decodes several images of different sizes in turn and after a broken file.
   */
  @Test
  void colourJpegsDecodeToTheJdksOwnPixels() throws IOException {
    byte[][] jpegs = {
      write(randomRgb(80, 60, 11), "jpeg"),
      write(randomRgb(33, 97, 12), "jpeg"),
      Arrays.copyOf(write(randomRgb(40, 40, 13), "jpeg"), 300), // truncated: refused, then go on
      write(randomRgb(250, 250, 14), "jpeg")
    };
    for (int round = 0; round < 2; round++) {
      for (byte[] jpeg : jpegs) {
        DecodeResult r = decoder.decode(jpeg);
        if (jpeg.length == 300) {
          assertEquals(DecodeFailureReason.UNDECODABLE, r.reason(), r.toString());
          continue;
        }
        assertTrue(r.isDecoded(), r.toString());
        assertEquals("jpeg", r.format());
        assertFalse(r.sourceWasGrey());
        BufferedImage jdk = ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        assertEquals(jdk.getWidth(), r.image().width());
        assertEquals(jdk.getHeight(), r.image().height());
        for (int y = 0; y < jdk.getHeight(); y++) {
          for (int x = 0; x < jdk.getWidth(); x++) {
            int p = jdk.getRGB(x, y);
            assertEquals((p >> 16) & 0xff, r.image().sample(x, y, 0), "r at " + x + "," + y);
            assertEquals((p >> 8) & 0xff, r.image().sample(x, y, 1), "g at " + x + "," + y);
            assertEquals(p & 0xff, r.image().sample(x, y, 2), "b at " + x + "," + y);
          }
        }
      }
    }
  }

  @Test
  void greyJpegsStayGreyWithTheirDecodedValues() throws IOException {
    BufferedImage grey = new BufferedImage(23, 19, BufferedImage.TYPE_BYTE_GRAY);
    byte[] values = new byte[23 * 19];
    new SplittableRandom(4).nextBytes(values);
    grey.getRaster().setDataElements(0, 0, 23, 19, values);
    byte[] jpeg = write(grey, "jpeg");
    DecodeResult r = decoder.decode(jpeg);
    assertTrue(r.isDecoded(), r.toString());
    assertTrue(r.sourceWasGrey());
    byte[] decoded = new byte[23 * 19];
    ImageIO.read(new java.io.ByteArrayInputStream(jpeg))
        .getRaster()
        .getDataElements(0, 0, 23, 19, decoded);
    assertGreyEquals(decoded, r.image());
  }

  @Test
  void greyImagesBecomeThreeEqualChannelsWithTheirExactValues() throws IOException {
    BufferedImage grey = new BufferedImage(17, 11, BufferedImage.TYPE_BYTE_GRAY);
    byte[] values = new byte[17 * 11];
    new SplittableRandom(3).nextBytes(values);
    grey.getRaster().setDataElements(0, 0, 17, 11, values);
    DecodeResult r = decoder.decode(write(grey, "png"));
    assertTrue(r.isDecoded(), r.toString());
    assertTrue(r.sourceWasGrey());
    assertGreyEquals(values, r.image());
  }

  @Test
  void handWrittenPgmAndPpmDecode() {
    int w = 5, h = 3;
    byte[] pixels = new byte[w * h];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 17);
    }
    DecodeResult pgm =
        decoder.decode(
            concat(("P5\n" + w + " " + h + "\n255\n").getBytes(StandardCharsets.US_ASCII), pixels));
    assertTrue(pgm.isDecoded(), pgm.toString());
    assertTrue(pgm.sourceWasGrey());
    assertGreyEquals(pixels, pgm.image());

    byte[] rgb = new byte[w * h * 3];
    new SplittableRandom(4).nextBytes(rgb);
    DecodeResult ppm =
        decoder.decode(
            concat(("P6\n" + w + " " + h + "\n255\n").getBytes(StandardCharsets.US_ASCII), rgb));
    assertTrue(ppm.isDecoded(), ppm.toString());
    assertArrayEquals(rgb, ppm.image().rgb());
  }

  @Test
  void emptyInputIsZeroBytes() {
    assertEquals(DecodeFailureReason.ZERO_BYTES, decoder.decode(new byte[0]).reason());
    assertEquals(DecodeFailureReason.ZERO_BYTES, decoder.decode(null).reason());
  }

  @Test
  void textAndRandomBytesAreRefusedWithoutExceptions() {
    DecodeResult text =
        decoder.decode("hello, this is not an image at all".getBytes(StandardCharsets.US_ASCII));
    assertEquals(DecodeFailureReason.NOT_AN_IMAGE, text.reason(), text.toString());
    for (int seed = 0; seed < 50; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      byte[] junk = new byte[1 + rnd.nextInt(4000)];
      rnd.nextBytes(junk);
      DecodeResult r = decoder.decode(junk);
      assertFalse(r.isDecoded() && r.image().width() > 10_000, "seed " + seed);
      if (!r.isDecoded()) {
        assertTrue(
            r.reason() == DecodeFailureReason.NOT_AN_IMAGE
                || r.reason() == DecodeFailureReason.UNDECODABLE,
            "seed " + seed + ": " + r);
      }
    }
    byte[] junk = new byte[1000];
    new SplittableRandom(99).nextBytes(junk);
    junk[0] = 'Z'; // no format starts with this
    assertEquals(DecodeFailureReason.NOT_AN_IMAGE, decoder.decode(junk).reason());
  }

  @Test
  void truncatedFilesAreUndecodable() throws IOException {
    byte[] png = write(randomRgb(80, 80, 5), "png");
    byte[] jpeg = write(randomRgb(80, 80, 6), "jpeg");
    for (byte[] full : new byte[][] {png, jpeg}) {
      for (double keep : new double[] {0.6, 0.2}) {
        byte[] cut = Arrays.copyOf(full, (int) (full.length * keep));
        DecodeResult r = decoder.decode(cut);
        assertFalse(r.isDecoded(), "kept " + keep + " of " + full.length + ": " + r);
        assertEquals(DecodeFailureReason.UNDECODABLE, r.reason(), r.toString());
      }
    }
    DecodeResult headerOnly = decoder.decode(Arrays.copyOf(png, 20)); // signature + part of IHDR
    assertEquals(DecodeFailureReason.UNDECODABLE, headerOnly.reason(), headerOnly.toString());
  }

  @Test
  void hugeDeclaredPngIsRefusedBeforeDecoding() {
    byte[] png = pngHeaderOnly(100_000, 100_000);
    DecodeResult r =
        decoder.decode(png); // 10^10 pixels: allocating them would throw OutOfMemoryError
    assertEquals(DecodeFailureReason.TOO_MANY_PIXELS, r.reason(), r.toString());
    assertTrue(r.message().contains("100000x100000"), r.message());
  }

  @Test
  void pixelLimitIsConfigurableAndInclusive() throws IOException {
    byte[] png = write(randomRgb(50, 40, 7), "png");
    assertTrue(new ImageDecoder(2000).decode(png).isDecoded());
    assertEquals(DecodeFailureReason.TOO_MANY_PIXELS, new ImageDecoder(1999).decode(png).reason());
  }

  @Test
  void decodesOrlFaceWhenTheDatasetIsPresent() throws IOException {
    Path file = SharedData.require("datasets/orl_faces/s1/1.pgm");
    DecodeResult r = decoder.decode(Files.readAllBytes(file));
    assertTrue(r.isDecoded(), r.toString());
    assertEquals(92, r.image().width());
    assertEquals(112, r.image().height());
    assertTrue(r.sourceWasGrey());
    byte[] rgb = r.image().rgb();
    for (int i = 0; i < rgb.length; i += 3) {
      assertTrue(rgb[i] == rgb[i + 1] && rgb[i] == rgb[i + 2], "grey replicated at byte " + i);
    }
  }

  /**
   * PNG signature, a valid IHDR (correct CRC) declaring w×h truecolour, then IEND; no pixel data.
   */
  static byte[] pngHeaderOnly(int w, int h) {
    ByteBuffer ihdr =
        ByteBuffer.allocate(13)
            .putInt(w)
            .putInt(h)
            .put((byte) 8)
            .put((byte) 2)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static void assertGreyEquals(byte[] grey, RgbImage img) {
    byte[] rgb = img.rgb();
    assertEquals(grey.length * 3, rgb.length);
    for (int i = 0; i < grey.length; i++) {
      for (int c = 0; c < 3; c++) {
        assertEquals(grey[i] & 0xff, rgb[i * 3 + c] & 0xff, "pixel " + i + " channel " + c);
      }
    }
  }

  static BufferedImage randomRgb(int w, int h, long seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rnd.nextInt(1 << 24));
      }
    }
    return img;
  }

  static byte[] write(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(img, format, out), "no ImageIO writer for " + format);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
