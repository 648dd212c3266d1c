package io.lfsbeam.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngDecoderTest {

  @Test
  void readsBackWhatTheEncoderWrites() throws IOException {
    for (int[] size : new int[][] {{1, 1}, {5, 3}, {112, 112}, {96, 112}}) {
      byte[] rgb = new byte[size[0] * size[1] * 3];
      new SplittableRandom(size[0] * 7L + size[1]).nextBytes(rgb);
      RgbImage back = PngDecoder.decodeRgb(PngEncoder.encode(rgb, size[0], size[1]));
      assertEquals(size[0], back.width());
      assertEquals(size[1], back.height());
      assertArrayEquals(rgb, back.rgb(), size[0] + "x" + size[1]);
    }
  }

  /**
   * ImageIO's writer picks filters per row, so this covers None/Sub/Up/Average/Paeth and split
   * IDATs.
   */
  @Test
  void agreesWithImageIoOnPngsImageIoWrote() throws IOException {
    int w = 120, h = 90;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    SplittableRandom random = new SplittableRandom(11);
    for (int y = 0; y < h; y++) {
      for (int x = 0;
          x < w;
          x++) { // smooth areas and noise, so ImageIO's writer uses several filters
        int noise = x > w / 2 ? random.nextInt(64) : 0;
        img.setRGB(
            x,
            y,
            ((x * 2 + noise) & 0xff) << 16 | ((y * 3) & 0xff) << 8 | ((x + y + noise) & 0xff));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    RgbImage ours = PngDecoder.decodeRgb(out.toByteArray());
    assertArrayEquals(RgbImage.fromBufferedImage(img).rgb(), ours.rgb());
  }

  @Test
  void leavesOtherKindsToImageIo() throws IOException {
    for (int type :
        new int[] {
          BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_USHORT_GRAY
        }) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(new BufferedImage(8, 8, type), "png", out);
      assertNull(PngDecoder.decodeRgb(out.toByteArray()), "image type " + type);
    }
  }

  @Test
  void damagedPngsAreClearErrors() {
    byte[] rgb = new byte[20 * 20 * 3];
    new SplittableRandom(2).nextBytes(rgb);
    byte[] png = PngEncoder.encode(rgb, 20, 20);

    byte[] flipped = png.clone();
    flipped[png.length / 2] ^= 0x10;
    IOException crc = assertThrows(IOException.class, () -> PngDecoder.decodeRgb(flipped));
    assertTrue(crc.getMessage().contains("CRC"), crc.getMessage());

    IOException cut =
        assertThrows(
            IOException.class, () -> PngDecoder.decodeRgb(Arrays.copyOf(png, png.length - 20)));
    assertTrue(cut.getMessage().contains("PNG"), cut.getMessage());

    assertThrows(
        IOException.class, () -> PngDecoder.decodeRgb("not an image at all, just text".getBytes()));
  }
}
