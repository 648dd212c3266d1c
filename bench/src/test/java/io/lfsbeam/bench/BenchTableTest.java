package io.lfsbeam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchTableTest {
  @Test
  void alignsLabelsLeftAndFiguresRight() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new BenchTable("title", "stage", "per s")
        .row("decode", "1,234")
        .row("a longer stage", "5")
        .print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals("title", lines[0]);
    assertEquals("stage           per s", lines[1]);
    assertEquals("--------------  -----", lines[2]);
    assertEquals("decode          1,234", lines[3]);
    assertEquals("a longer stage      5", lines[4]);
  }

  @Test
  void rowsMustMatchTheHeader() {
    assertThrows(
        IllegalArgumentException.class, () -> new BenchTable("t", "a", "b").row("only one"));
  }

  @Test
  void numbersKeepAFewSignificantDigits() {
    assertEquals("12,346", BenchTable.number(12345.6));
    assertEquals("12.3", BenchTable.number(12.34));
    assertEquals("1.23", BenchTable.number(1.234));
    assertEquals("0.123", BenchTable.number(0.1234));
    assertEquals("n/a", BenchTable.number(Double.NaN));
    assertEquals("3 MB", BenchTable.megabytes(3L * 1024 * 1024 + 5));
    assertEquals("n/a", BenchTable.megabytes(-1));
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertEquals(2.0, Stats.median(new double[] {3, 1, 2}));
    assertEquals(2.5, Stats.median(new double[] {4, 1, 3, 2}));
  }

  @Test
  void peakRssCoversAnAllocationMadeAfterAReset() {
    if (MachineInfo.rssBytes().isEmpty()) {
      return; // not Linux: nothing to read
    }
    MachineInfo.resetPeakRss();
    long before = MachineInfo.peakRssBytes().getAsLong();
    // Fresh native pages (a heap array might reuse pages the JVM already holds).
    ByteBuffer touched = ByteBuffer.allocateDirect(64 << 20);
    for (int i = 0; i < touched.capacity(); i += 4096) {
      touched.put(i, (byte) 1);
    }
    long after = MachineInfo.peakRssBytes().getAsLong();
    assertTrue(
        after >= before + (32L << 20),
        "peak went from " + before + " to " + after + " after touching 64 MB");
    assertTrue(
        MachineInfo.describe().contains(Runtime.getRuntime().availableProcessors() + " cores"));
  }
}
