package io.lfsbeam.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Landmark lines: what is an entry, and of what kind a line that is not one is. */
class LandmarkFileTest {
  private static final String TEN = "\t30\t40\t70\t40\t50\t60\t35\t80\t65\t80";

  @Test
  void integersDecimalsAndExponentsAreNumbers() {
    LandmarkFile.Entry e =
        LandmarkFile.parse("id/a.png\t30\t40.5\t+70\t-4e1\t.5\t60.\t3.5E1\t80\t65\t80");
    assertEquals("id/a.png", e.relativePath());
    assertArrayEquals(new double[] {30, 40.5}, e.points()[0]);
    assertArrayEquals(new double[] {70, -40}, e.points()[1]);
    assertArrayEquals(new double[] {0.5, 60}, e.points()[2]);
    assertArrayEquals(new double[] {35, 80}, e.points()[3]);
    assertEquals(
        "id/a.png", LandmarkFile.parse("id/a.png 30 40 70 40 50 60 35 80 65 80").relativePath());
    assertNull(LandmarkFile.parse("   "));
    assertNull(LandmarkFile.parse("# comment"));
  }

  @Test
  void missingOrExtraColumnsAndNonNumbersAreMalformed() {
    String[][] cases = {
      {"id/a.png", "found 1 field"},
      {"id/a.png\t30\t40\t70\t40\t50\t60\t35\t80\t65", "found 10 fields"},
      {"id/a.png" + TEN + "\t99", "found 12 fields"},
      {"id/a.png\t30\tforty\t70\t40\t50\t60\t35\t80\t65\t80", "field 3 is not a number: 'forty'"},
      {"id/a.png\t30\t40f\t70\t40\t50\t60\t35\t80\t65\t80", "'40f'"},
      {"id/a.png\t30\t40d\t70\t40\t50\t60\t35\t80\t65\t80", "'40d'"},
      {"id/a.png\t0x1p3\t40\t70\t40\t50\t60\t35\t80\t65\t80", "'0x1p3'"},
      {"id/a.png\t30\t40\t70\t40\t50\t60\t35\t80\t65\t1,5", "'1,5'"},
      // a malformed field wins over a non-finite one
      {"id/a.png\tnan\tx\t70\t40\t50\t60\t35\t80\t65\t80", "'x'"},
    };
    for (String[] c : cases) {
      LandmarkFile.BadLine bad =
          assertThrows(LandmarkFile.BadLine.class, () -> LandmarkFile.parse(c[0]), c[0]);
      assertEquals(LandmarkFile.Problem.MALFORMED, bad.problem(), c[0]);
      assertEquals("id/a.png", bad.path(), "the line still names its image");
      assertTrue(bad.getMessage().contains(c[1]), bad.getMessage());
    }
  }

  @Test
  void nanAndInfinityAreNonFinite() {
    for (String v :
        new String[] {"nan", "NaN", "-nan", "inf", "-inf", "+Infinity", "INF", "1e999"}) {
      String line = "id/b.png\t30\t40\t70\t" + v + "\t50\t60\t35\t80\t65\t80";
      LandmarkFile.BadLine bad =
          assertThrows(LandmarkFile.BadLine.class, () -> LandmarkFile.parse(line), v);
      assertEquals(LandmarkFile.Problem.NON_FINITE, bad.problem(), v);
      assertEquals("id/b.png", bad.path());
      assertTrue(bad.getMessage().contains("field 5"), bad.getMessage());
    }
  }

  @Test
  void pathsInTextAreNormalisedButNeverClimbOut() {
    assertEquals("id/a.png", LandmarkFile.normalise("./id/a.png"));
    assertEquals("id/a.png", LandmarkFile.normalise("id//./a.png"));
    assertEquals("id/a.png", LandmarkFile.normalise("id\\a.png"));
    assertEquals("id/a.png", LandmarkFile.normalise("id/x/../a.png"));
    assertEquals("../x/a.png", LandmarkFile.normalise("id/../../x/a.png"));
    assertEquals("../../x", LandmarkFile.normalise("..\\..\\x"));
    assertEquals("/etc/passwd", LandmarkFile.normalise("/etc/./passwd"));
  }
}
