package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** In-memory shuffling, flips and normalisation, without TensorFlow. */
class BatchAssemblerTest {
  /** Four 2×3 images whose pixel value encodes (image, x, y, channel). */
  private static InMemoryTrainingData data() {
    byte[][] pixels = new byte[4][];
    for (int i = 0; i < 4; i++) {
      pixels[i] = new byte[2 * 3 * 3];
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 3; x++) {
          for (int c = 0; c < 3; c++) {
            pixels[i][(y * 3 + x) * 3 + c] = (byte) (i * 50 + y * 20 + x * 5 + c);
          }
        }
      }
    }
    return new InMemoryTrainingData(2, 3, 4, pixels, new int[] {0, 1, 2, 3});
  }

  @Test
  void inMemoryEpochIsADeterministicPermutationPerSeedAndEpoch() {
    InMemoryTrainingData big = SyntheticFaces.make(4, 25, 4, 1);
    int[] e0 = OrderedImages.permutation(big.size(), 7, 0);
    assertArrayEquals(e0, OrderedImages.permutation(big.size(), 7, 0));
    assertFalse(Arrays.equals(e0, OrderedImages.permutation(big.size(), 7, 1)));
    assertFalse(Arrays.equals(e0, OrderedImages.permutation(big.size(), 8, 0)));
    int[] sorted = e0.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i]);
    }
    try (EpochImages epoch = big.epoch(7, 0)) {
      byte[] px = new byte[big.imageBytes()];
      byte[] expected = new byte[big.imageBytes()];
      for (int i : e0) {
        assertEquals(big.label(i), epoch.next(px, 0));
        big.copyPixels(i, expected, 0);
        assertArrayEquals(expected, px, "the epoch visits images in the permutation's order");
      }
      assertThrows(IllegalStateException.class, () -> epoch.next(px, 0));
    }
    assertEquals(10, new BatchAssembler(big, 10, 7, false).batchesPerEpoch());
  }

  @Test
  void normalisesAndFlipsPixels() {
    InMemoryTrainingData d = data();
    BatchAssembler noFlip = new BatchAssembler(d, 4, 1, false);
    int[] identity = {0, 1, 2, 3};
    Batch b = noFlip.next(new OrderedImages(d, identity), 0, 0);
    assertArrayEquals(new int[] {0, 1, 2, 3}, b.labels());
    // image 1, y=1, x=2, c=1: value 50 + 20 + 10 + 1 = 81
    assertEquals((81 - 127.5f) / 128f, b.pixels()[18 + (1 * 3 + 2) * 3 + 1], 1e-7f);

    float[] mirrored = new float[18];
    byte[] raw = new byte[18];
    d.copyPixels(1, raw, 0);
    BatchAssembler.normalize(raw, mirrored, 0, 2, 3, true);
    // mirrored x=0 is source x=2
    assertEquals((81 - 127.5f) / 128f, mirrored[(1 * 3 + 0) * 3 + 1], 1e-7f);

    BatchAssembler flip = new BatchAssembler(d, 4, 1, true);
    int flipped = 0;
    for (int epoch = 0; epoch < 20; epoch++) {
      Batch fb = flip.next(new OrderedImages(d, identity), epoch, 0);
      for (int i = 0; i < 4; i++) {
        float[] img = Arrays.copyOfRange(fb.pixels(), i * 18, (i + 1) * 18);
        float[] plain = Arrays.copyOfRange(b.pixels(), i * 18, (i + 1) * 18);
        if (!Arrays.equals(img, plain)) {
          flipped++;
        }
      }
      assertArrayEquals(
          fb.pixels(),
          flip.next(new OrderedImages(d, identity), epoch, 0).pixels(),
          0f,
          "flips are reproducible");
    }
    assertTrue(
        flipped > 20 && flipped < 60, "about half the images are mirrored: " + flipped + "/80");
  }

  @Test
  void rejectsBatchesLargerThanTheData() {
    assertThrows(IllegalArgumentException.class, () -> new BatchAssembler(data(), 5, 1, false));
  }
}
