package io.lfsbeam.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LfwPairsTest {

  @Test
  void readsTheLfwProtocol() {
    List<LfwPair> pairs = LfwPairs.read(SharedData.require("datasets/lfw_protocol_only/pairs.txt"));
    assertEquals(6000, pairs.size());
    int[] matched = new int[10];
    int[] mismatched = new int[10];
    for (int i = 0; i < pairs.size(); i++) {
      LfwPair p = pairs.get(i);
      assertEquals(i / 600, p.fold(), "pair " + i);
      assertEquals(i % 600 < 300, p.same(), "pair " + i);
      if (p.same()) {
        matched[p.fold()]++;
      } else {
        mismatched[p.fold()]++;
      }
    }
    for (int f = 0; f < 10; f++) {
      assertEquals(300, matched[f]);
      assertEquals(300, mismatched[f]);
    }
    // Spot-check against the first data line of the file itself (not a copied value).
    String firstLine = readLine(SharedData.require("datasets/lfw_protocol_only/pairs.txt"), 1);
    String[] f = firstLine.split("\t");
    assertEquals(
        LfwPair.matched(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), 0), pairs.get(0));
  }

  @Test
  void writingTheLfwProtocolReproducesTheFileAndRoundTrips(@TempDir Path dir) throws Exception {
    Path original = SharedData.require("datasets/lfw_protocol_only/pairs.txt");
    List<LfwPair> pairs = LfwPairs.read(original);
    Path copy = dir.resolve("pairs.txt");
    LfwPairs.write(copy, pairs);
    assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(copy));
    assertEquals(pairs, LfwPairs.read(copy));
  }

  @Test
  void roundTripsItsOwnData(@TempDir Path dir) {
    // Written in a shuffled order: the writer groups by fold, matched first.
    List<LfwPair> pairs =
        List.of(
            LfwPair.mismatched("s2", 3, "s7", 1, 1),
            LfwPair.matched("s1", 1, 2, 0),
            LfwPair.mismatched("s1", 4, "s3", 5, 0),
            LfwPair.matched("s4", 2, 9, 1));
    Path file = dir.resolve("orl_pairs.txt");
    LfwPairs.write(file, pairs);
    List<LfwPair> back = LfwPairs.read(file);
    assertEquals(List.of(pairs.get(1), pairs.get(2), pairs.get(3), pairs.get(0)), back);
    assertArrayEquals(new boolean[] {true, false, true, false}, LfwPairs.sameLabels(back));
    assertArrayEquals(new int[] {0, 0, 1, 1}, LfwPairs.folds(back));
  }

  @Test
  void acceptsSpacesAndTrailingBlankLines() {
    List<LfwPair> pairs = LfwPairs.parse("1 1\nAnna  1 2\nAnna 3\t Bob 4\n\n  \n");
    assertEquals(
        List.of(LfwPair.matched("Anna", 1, 2, 0), LfwPair.mismatched("Anna", 3, "Bob", 4, 0)),
        pairs);
  }

  @Test
  void malformedLinesNameTheirLineNumber() {
    assertError("2 1\nA 1 2\nA 1 B 2\nC 1 2\nC 1 2\n", "line 5", "mismatched");
    assertError("1 2\nA 1 2\nA 1 B 2 extra\nA 1 B 2\nC 1 D 2\n", "line 3", "3 fields");
    assertError("1 1\nA 1 x\nA 1 B 2\n", "line 2", "not an integer");
    assertError("1 1\nA 1 2\nA 1 A 2\n", "line 3", "two different names");
    assertError("1 1\nA 1 2\n", "line 3", "file ends");
    assertError("1 1\nA 1 2\nA 1 B 2\nC 1 2\n", "line 4", "unexpected line");
    assertError("1 1\nA 1 2\n\nA 1 B 2\n", "line 3", "4 fields");
    assertError("ten 300\n", "line 1", "fold count");
    assertError("10\n", "line 1", "header");
    assertError("", "line 1", "empty");
  }

  private static void assertError(String text, String... fragments) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LfwPairs.parse(text));
    for (String fragment : fragments) {
      assertTrue(
          e.getMessage().contains(fragment),
          "'" + e.getMessage() + "' should mention '" + fragment + "'");
    }
  }

  @Test
  void refusesToWriteWhatTheHeaderCannotDescribe() {
    List<LfwPair> unbalanced =
        List.of(
            LfwPair.matched("a", 1, 2, 0),
            LfwPair.mismatched("a", 1, "b", 1, 0),
            LfwPair.matched("c", 1, 2, 1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LfwPairs.format(unbalanced));
    assertTrue(e.getMessage().contains("fold 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LfwPair.matched("has space", 1, 2, 0));
  }

  private static String readLine(Path file, int index) {
    try {
      return Files.readAllLines(file).get(index);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
