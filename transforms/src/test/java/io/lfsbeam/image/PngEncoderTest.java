package io.lfsbeam.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {

  @Test
  void imageIoReadsBackTheExactPixels() throws IOException {
    for (int[] size : new int[][] {{1, 1}, {3, 7}, {112, 112}, {96, 112}}) {
      byte[] rgb = new byte[size[0] * size[1] * 3];
      new SplittableRandom(size[0] * 31L + size[1]).nextBytes(rgb);
      byte[] png = PngEncoder.encode(rgb, size[0], size[1]);
      BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
      assertEquals(size[0], back.getWidth());
      assertEquals(size[1], back.getHeight());
      assertArrayEquals(rgb, RgbImage.fromBufferedImage(back).rgb(), size[0] + "x" + size[1]);
    }
  }

  @Test
  void smoothImagesUseFiltersAndStillRoundTrip() {
    int w = 64, h = 64;
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        rgb[i] = (byte) (x * 3);
        rgb[i + 1] = (byte) (y * 2 + x);
        rgb[i + 2] = (byte) (255 - y);
      }
    }
    byte[] png = PngEncoder.encode(rgb, w, h);
    assertTrue(
        png.length < rgb.length * 0.3,
        "a gradient should compress to under 2.4 bits per byte, got " + png.length + " bytes");
    DecodeResult r = new ImageDecoder().decode(png);
    assertArrayEquals(rgb, r.image().rgb());
  }

  @Test
  void encodingIsDeterministic() {
    byte[] rgb = new byte[50 * 40 * 3];
    new SplittableRandom(1).nextBytes(rgb);
    assertArrayEquals(PngEncoder.encode(rgb, 50, 40), PngEncoder.encode(rgb.clone(), 50, 40));
  }

  @Test
  void refusesInconsistentSizes() {
    assertThrows(IllegalArgumentException.class, () -> PngEncoder.encode(new byte[10], 2, 2));
    assertThrows(IllegalArgumentException.class, () -> PngEncoder.encode(new byte[0], 0, 0));
  }
}
