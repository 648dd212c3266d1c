package io.lfsbeam.train.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InitTest {
  @Test
  void heNormalHasTheRightSpreadAndDependsOnlyOnSeedAndName() {
    Init he = Init.heNormal(50);
    float[] a = he.values(7, "stage1/block1/conv1/kernel", 200_000);
    assertArrayEquals(a, he.values(7, "stage1/block1/conv1/kernel", 200_000), 0f);
    assertFalse(Arrays.equals(a, he.values(8, "stage1/block1/conv1/kernel", 200_000)));
    assertFalse(Arrays.equals(a, he.values(7, "stage1/block1/conv2/kernel", 200_000)));
    double mean = 0;
    double sq = 0;
    for (float v : a) {
      mean += v;
      sq += (double) v * v;
    }
    mean /= a.length;
    double std = Math.sqrt(sq / a.length - mean * mean);
    assertEquals(0, mean, 0.002);
    assertEquals(Math.sqrt(2.0 / 50), std, 0.002);
  }

  @Test
  void constantsFill() {
    assertArrayEquals(new float[] {0.25f, 0.25f}, Init.constant(0.25f).values(1, "a", 2), 0f);
    assertArrayEquals(new float[3], Init.zeros().values(1, "a", 3), 0f);
  }
}
