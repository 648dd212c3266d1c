package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys folded into ranges, and the gaps of a declared range, checked against hand counts. */
class KeyRangesTest {
  @Test
  void keysInAnyOrderFoldIntoRangesAndGapsComeOut() {
    KeyRanges a = new KeyRanges();
    for (long k : new long[] {5, 1, 3, 2, 9, 10, 30}) {
      a.add(k);
    }
    KeyRanges b = new KeyRanges();
    for (long k : new long[] {4, 11, 12, 0, 40, 3}) {
      b.add(k);
    }
    KeyRanges all = new KeyRanges.Fn().mergeAccumulators(List.of(a, b));
    // present in 1..20: 1-5, 9-12 -> 9 keys; missing 6-8, 13-20
    assertEquals(9, all.countIn(1, 20));
    List<long[]> gaps = all.missingIn(1, 20);
    assertEquals(2, gaps.size());
    assertArrayEquals(new long[] {6, 8}, gaps.get(0));
    assertArrayEquals(new long[] {13, 20}, gaps.get(1));
    assertEquals(List.of(), all.missingIn(1, 5));
    assertArrayEquals(new long[] {31, 35}, all.missingIn(30, 35).get(0));
  }

  @Test
  void nothingReadMeansEverythingMissing() {
    KeyRanges none = new KeyRanges();
    assertEquals(0, none.countIn(1, 300));
    assertArrayEquals(new long[] {1, 300}, none.missingIn(1, 300).get(0));
  }
}
