package io.lfsbeam.insightface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackIndexTest {
  @TempDir Path tmp;

  @Test
  void parsesTabOrSpaceSeparatedLinesAndRefusesOthers() throws PackRecordException {
    assertEquals(new PackIndex.Entry(3, 4832), PackIndex.parse("3\t4832"));
    assertEquals(new PackIndex.Entry(3, 4832), PackIndex.parse("  3 4832\r"));
    assertNull(PackIndex.parse("   "));
    for (String bad : new String[] {"3", "3\t4832\t1", "x\t1", "3\t-1", "3\t1.5"}) {
      assertEquals(
          PackFailure.BAD_INDEX_LINE,
          assertThrows(PackRecordException.class, () -> PackIndex.parse(bad)).failure(),
          bad);
    }
  }

  /** Splitting the file at any byte gives two ranges that read every line exactly once. */
  @Test
  void rangesSplitAtAnyByteReadEveryLineOnce() throws IOException {
    Path idx = tmp.resolve("train.idx");
    List<PackIndex.Entry> entries = new ArrayList<>();
    for (int k = 0; k < 40; k++) {
      entries.add(new PackIndex.Entry(k, k * 1000L + (k % 3)));
    }
    PackIndex.write(idx, entries);
    long size = Files.size(idx);
    for (long split = 0; split <= size; split++) {
      List<PackIndex.Entry> got = new ArrayList<>(range(idx, 0, split));
      got.addAll(range(idx, split, size));
      assertEquals(entries, got, "split at byte " + split);
    }
    assertEquals(entries, PackIndex.read(idx));
  }

  private static List<PackIndex.Entry> range(Path idx, long start, long end) throws IOException {
    List<PackIndex.Entry> out = new ArrayList<>();
    FileChannel ch = FileChannel.open(idx, StandardOpenOption.READ);
    ch.position(Math.max(0, start - 1));
    try (PackIndex.Lines lines = new PackIndex.Lines(ch, start)) {
      for (String l = lines.next(); l != null && lines.lineStart() < end; l = lines.next()) {
        out.add(PackIndex.parse(l));
      }
    }
    return out;
  }

  @Test
  void propertyIsNumClassesHeightWidth() {
    assertEquals(new PackProperty(30, 112, 112), PackProperty.parse("30,112,112\n"));
    assertEquals("85742,112,112\n", new PackProperty(85742, 112, 112).format());
    assertThrows(IllegalArgumentException.class, () -> PackProperty.parse("30,112"));
    assertThrows(IllegalArgumentException.class, () -> PackProperty.parse("a,b,c"));
  }
}
