package io.lfsbeam.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.image.RgbImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CenterCropTest {

  @Test
  void outputHasTheRequestedSize() {
    RgbImage orl = new RgbImage(AffineWarpTest.randomImage(92, 112, 1), 92, 112);
    RgbImage square = CenterCrop.apply(orl, 112, 112, 1.0);
    assertEquals(112, square.width());
    assertEquals(112, square.height());
    RgbImage narrow = CenterCrop.apply(orl, 96, 112, 0.9);
    assertEquals(96, narrow.width());
    assertEquals(112, narrow.height());
    assertEquals(96 * 112 * 3, narrow.rgb().length);
  }

  @Test
  void squareCropSideIsCropScaleTimesShorterSide() {
    double[] m = CenterCrop.matrix(92, 112, 112, 112, 0.8);
    assertEquals(112 / (0.8 * 92), m[0], 1e-12);
    assertEquals(m[0], m[4], 0);
    assertEquals(0, m[1], 0);
    assertEquals(0, m[3], 0);
    // Non-square output: the largest 96:112 box inside a 92x112 image is 92 wide.
    double[] n = CenterCrop.matrix(92, 112, 96, 112, 1.0);
    assertEquals(96 / 92.0, n[0], 1e-12);
  }

  @Test
  void imageCentreMapsToOutputCentre() {
    for (int[] size : new int[][] {{92, 112}, {250, 250}, {101, 60}, {7, 9}}) {
      double[] m = CenterCrop.matrix(size[0], size[1], 112, 96, 0.75);
      double cx = (size[0] - 1) / 2.0, cy = (size[1] - 1) / 2.0;
      assertEquals((112 - 1) / 2.0, m[0] * cx + m[1] * cy + m[2], 1e-9);
      assertEquals((96 - 1) / 2.0, m[3] * cx + m[4] * cy + m[5], 1e-9);
    }
  }

  @Test
  void centredContentStaysCentredAndSymmetric() {
    // A bright 5x5 block at the exact centre of a 101x121 image: the output must be
    // mirror-symmetric
    // both ways and brightest in the middle, for downscaling and upscaling alike.
    int w = 101, h = 121;
    byte[] src = new byte[w * h * 3];
    for (int y = 58; y <= 62; y++) {
      for (int x = 48; x <= 52; x++) {
        for (int c = 0; c < 3; c++) {
          src[(y * w + x) * 3 + c] = (byte) 255;
        }
      }
    }
    for (int out : new int[] {31, 151}) {
      byte[] o = CenterCrop.apply(src, w, h, out, out, 0.5);
      int mid = out / 2;
      int centre = o[(mid * out + mid) * 3] & 0xff;
      assertTrue(centre > 200, "centre value " + centre + " for output " + out);
      for (int y = 0; y < out; y++) {
        for (int x = 0; x < out; x++) {
          int v = o[(y * out + x) * 3] & 0xff;
          assertEquals(
              v,
              o[(y * out + (out - 1 - x)) * 3] & 0xff,
              1,
              "left-right symmetry at " + x + "," + y);
          assertEquals(
              v,
              o[((out - 1 - y) * out + x) * 3] & 0xff,
              1,
              "top-bottom symmetry at " + x + "," + y);
        }
      }
    }
  }

  @Test
  void upscalingIsBilinearLikeTheWarpAwayFromTheEdge() {
    byte[] src = AffineWarpTest.randomImage(92, 112, 2);
    double[] m = CenterCrop.matrix(92, 112, 112, 112, 1.0);
    byte[] crop = CenterCrop.apply(src, 92, 112, 112, 112, 1.0);
    byte[] ref = AffineWarpTest.referenceWarp(src, 92, 112, m, 112, 112);
    for (int y = 1; y < 111; y++) {
      for (int x = 1; x < 111; x++) {
        for (int c = 0; c < 3; c++) {
          int i = (y * 112 + x) * 3 + c;
          assertEquals(ref[i] & 0xff, crop[i] & 0xff, 1, "pixel " + x + "," + y);
        }
      }
    }
  }

  @Test
  void edgesAreExtendedNotDarkened() {
    byte[] flat = new byte[92 * 112 * 3];
    Arrays.fill(flat, (byte) 200);
    for (double scale : new double[] {1.0, 0.5}) {
      for (int out : new int[] {112, 23}) {
        byte[] o = CenterCrop.apply(flat, 92, 112, out, out, scale);
        for (byte b : o) {
          assertEquals(
              200,
              b & 0xff,
              "flat image must stay flat (out " + out + ", cropScale " + scale + ")");
        }
      }
    }
  }

  @Test
  void downscalingAveragesInsteadOfAliasing() {
    // 1-pixel checkerboard, shrunk 4x: plain bilinear would pick near 0/255 values; area-style
    // filtering must give the mean.
    int n = 128;
    byte[] src = new byte[n * n * 3];
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        byte v = (byte) (((x + y) & 1) == 0 ? 255 : 0);
        for (int c = 0; c < 3; c++) {
          src[(y * n + x) * 3 + c] = v;
        }
      }
    }
    byte[] o = CenterCrop.apply(src, n, n, 32, 32, 1.0);
    for (byte b : o) {
      assertEquals(127.5, b & 0xff, 12.0);
    }
  }

  @Test
  void cropLargerThanTheImageFillsZeroOutside() {
    byte[] flat = new byte[10 * 10 * 3];
    Arrays.fill(flat, (byte) 90);
    byte[] o = CenterCrop.apply(flat, 10, 10, 40, 40, 3.0);
    assertEquals(0, o[0] & 0xff, "corner is outside the image");
    assertEquals(90, o[(20 * 40 + 20) * 3] & 0xff, "centre is inside");
  }

  @Test
  void refusesBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> CenterCrop.matrix(10, 10, 5, 5, 0));
    assertThrows(IllegalArgumentException.class, () -> CenterCrop.matrix(10, 10, 5, 5, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> CenterCrop.matrix(0, 10, 5, 5, 1));
    assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, CenterCrop.matrix(7, 7, 7, 7, 1.0), 1e-12);
  }
}
