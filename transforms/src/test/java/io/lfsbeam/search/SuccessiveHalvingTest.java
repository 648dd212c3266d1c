package io.lfsbeam.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.SearchMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rung budgets, survivors and the option checks, against hand-computed values. */
class SuccessiveHalvingTest {
  @Test
  void budgetsAreGeometricAndEndAtTheRound() {
    // 30 x 2^-1 = 15; 30 x 3^-2 = 3.33 -> 3, 30 / 3 = 10; 30 / 4 = 7.5 -> 8 (half up)
    assertArrayEquals(new long[] {15, 30}, SuccessiveHalving.of(2, 2).budgets(30));
    assertArrayEquals(new long[] {3, 10, 30}, SuccessiveHalving.of(3, 3).budgets(30));
    assertArrayEquals(new long[] {8, 15, 30}, SuccessiveHalving.of(2, 3).budgets(30));
    assertArrayEquals(new long[] {30}, SuccessiveHalving.off().budgets(30));
  }

  @Test
  void survivorsAreFloorOfNOverEta() {
    assertArrayEquals(new int[] {8, 4, 2, 1}, SuccessiveHalving.of(2, 4).entering(8));
    assertArrayEquals(new int[] {9, 3, 1}, SuccessiveHalving.of(3, 3).entering(9));
    assertArrayEquals(new int[] {8, 2}, SuccessiveHalving.of(3, 2).entering(8));
    // a real rate: 8 / 2.5 = 3.2 -> 3, 3 / 2.5 = 1.2 -> 1
    assertArrayEquals(new int[] {8, 3, 1}, SuccessiveHalving.of(2.5, 3).entering(8));
  }

  @Test
  void planListsEveryRungAndItsCost() {
    List<Rung> plan = SuccessiveHalving.of(2, 3).plan(8, 40);
    assertEquals(
        List.of(
            new Rung(0, 3, 0, 10, 8, 4),
            new Rung(1, 3, 10, 20, 4, 2),
            new Rung(2, 3, 20, 40, 2, 0)),
        plan);
    // 8 x 10 + 4 x 10 + 2 x 20 = 160 steps against 8 x 40 = 320
    assertEquals(160, SuccessiveHalving.roundSteps(plan));
    assertEquals(List.of(Rung.whole()), SuccessiveHalving.off().plan(8, 40));
    assertEquals(List.of(Rung.whole()), SuccessiveHalving.of(2, 3).plan(1, 40), "one candidate");
  }

  @Test
  void survivorsAreTheBestScoresWithTiesToTheLowerIndex() {
    Map<Integer, Double> scores = new LinkedHashMap<>();
    scores.put(5, 0.7);
    scores.put(1, 0.9);
    scores.put(3, 0.8);
    scores.put(0, 0.8);
    assertEquals(List.of(1, 0), SuccessiveHalving.survivors(scores, 2));
    assertEquals(List.of(1, 0, 3, 5), SuccessiveHalving.survivors(scores, 9));
  }

  @Test
  void badOptionsAreRefusedInOneLine() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> SuccessiveHalving.of(0.5, 2))
            .getMessage()
            .contains("--halvingRate must be 1 (off) or a number above 1, not 0.5"));
    assertThrows(IllegalArgumentException.class, () -> SuccessiveHalving.of(Double.NaN, 2));
    assertThrows(
        IllegalArgumentException.class, () -> SuccessiveHalving.of(Double.POSITIVE_INFINITY, 2));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> SuccessiveHalving.of(1, 0))
            .getMessage()
            .contains("--rungs must be at least 1"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> SuccessiveHalving.of(2, 1))
            .getMessage()
            .contains("needs --rungs of 2 or more"));
    // 3 candidates: 3 -> 1 -> 0; four keep one to the end
    String few =
        assertThrows(IllegalArgumentException.class, () -> SuccessiveHalving.of(2, 3).plan(3, 40))
            .getMessage();
    assertTrue(few.contains("needs at least 4 candidates per round"), few);
    assertTrue(few.contains("[3, 1, 0]"), few);
    // 3 steps, eta 3, 3 rungs: the first rung would end at round(3/9) = 0 steps
    String short_ =
        assertThrows(IllegalArgumentException.class, () -> SuccessiveHalving.of(3, 3).plan(9, 3))
            .getMessage();
    assertTrue(short_.contains("cannot split a round of 3 steps"), short_);
    assertFalse(few.contains("\n") || short_.contains("\n"));
    // off accepts any number of candidates and rungs
    SuccessiveHalving.off().checkCandidates(1);
    assertFalse(SuccessiveHalving.of(1, 5).isOn());
  }

  @Test
  void searchConfigChecksHalvingAndRecordsItOnlyWhenOn() {
    SearchConfig.Builder b =
        SearchConfig.builder().mode(SearchMode.SEARCH).candidates(3).halving(2, 3);
    assertTrue(
        assertThrows(IllegalArgumentException.class, b::build)
            .getMessage()
            .contains("needs at least 4 candidates"));
    SearchConfig on = b.candidates(8).roundSteps(40).build();
    assertEquals("2", on.describe().get("halvingRate"));
    assertEquals("3", on.describe().get("rungs"));
    assertEquals(3, on.rungPlan().size());
    SearchConfig off = SearchConfig.builder().candidates(8).build();
    assertFalse(off.describe().containsKey("halvingRate"));
    assertFalse(off.describe().containsKey("rungs"));
    // the steps are only known once the data is: a config without them builds, but cannot plan
    SearchConfig unknown = SearchConfig.builder().candidates(8).halving(2, 2).build();
    assertThrows(IllegalArgumentException.class, unknown::rungPlan);
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> SearchConfig.builder().warmupRounds(-1).build())
            .getMessage()
            .contains("--warmupRounds must be 0 or more, not -1"));
  }
}
