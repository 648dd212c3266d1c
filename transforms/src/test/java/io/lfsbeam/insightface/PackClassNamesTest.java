package io.lfsbeam.insightface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PackClassNamesTest {
  @Test
  void numberedNamesArePaddedSoTheySortInClassOrder() {
    PackClassNames names = PackClassNames.numbered(85742);
    assertEquals("class-00007", names.nameOf(7));
    assertEquals("class-85741", names.nameOf(85741));
    assertTrue(names.nameOf(9).compareTo(names.nameOf(10)) < 0);
    assertEquals("class-7", PackClassNames.numbered(10).nameOf(7));
    assertEquals("class-12", PackClassNames.numbered(-1).nameOf(12), "unknown count: no padding");
  }

  @Test
  void aNamesFileNamesItsClassesAndNoOthers() {
    PackClassNames names = PackClassNames.parse("# ORL\n0\ts1\n1\ts10\n\n3\ts12\n");
    assertEquals("s10", names.nameOf(1));
    assertNull(names.nameOf(2), "class 2 is unnamed: its faces become UNNAMED_CLASS dead letters");
    Map<Integer, String> back = Map.of(0, "s1", 1, "s10", 3, "s12");
    assertEquals("s12", PackClassNames.parse(PackClassNames.format(back)).nameOf(3));
  }

  @Test
  void refusesMalformedLinesAndRepeatedIndicesOrNames() {
    for (String bad : new String[] {"0 s1\n", "x\ts1\n", "0\t\n", "0\ta\n0\tb\n", "0\ta\n1\ta\n"}) {
      assertThrows(IllegalArgumentException.class, () -> PackClassNames.parse(bad), bad);
    }
  }
}
