package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rerun rule: replace an earlier preprocess output whole, never touch anything else. */
class PreprocessOutputTest {
  @TempDir Path tmp;

  @Test
  void aNewOrEmptyFolderIsFine() throws Exception {
    assertNull(PreprocessOutput.problem(tmp.resolve("new")));
    assertNull(PreprocessOutput.problem(Files.createDirectories(tmp.resolve("empty"))));
    assertEquals(List.of(), PreprocessOutput.clear(tmp.resolve("new")));
  }

  @Test
  void anEarlierOutputIsRemovedWholeHiddenEntriesOfOthersStay() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.createDirectories(out.resolve("faces"));
    Files.writeString(out.resolve("faces/train-00000-of-00004.avro"), "x");
    Files.writeString(out.resolve("faces/train-00001-of-00008.avro"), "x");
    Files.createDirectories(out.resolve("pairs"));
    Files.writeString(out.resolve("pairs/val.avro"), "x");
    for (String f :
        new String[] {"labels.tsv", "dead_letters.avro", "duplicates.avro", "manifest.json"}) {
      Files.writeString(out.resolve(f), "x");
    }
    Files.writeString(out.resolve(".manifest.avro.1234-abcd.tmp"), "half written");
    Files.writeString(out.resolve(".lock"), "someone else's");
    assertNull(PreprocessOutput.problem(out));
    List<String> removed = PreprocessOutput.clear(out);
    assertEquals(
        List.of(
            ".manifest.avro.1234-abcd.tmp",
            "dead_letters.avro",
            "duplicates.avro",
            "faces",
            "labels.tsv",
            "manifest.json",
            "pairs"),
        removed);
    try (var left = Files.list(out)) {
      assertEquals(List.of(out.resolve(".lock")), left.toList());
    }
  }

  @Test
  void aFolderHoldingOtherFilesIsRefusedAndLeftAlone() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("home"));
    Files.writeString(out.resolve("labels.tsv"), "x");
    Files.writeString(out.resolve("thesis.tex"), "precious");
    String problem = PreprocessOutput.problem(out);
    assertNotNull(problem);
    assertTrue(problem.contains("'thesis.tex'"), problem);
    assertThrows(IllegalArgumentException.class, () -> PreprocessOutput.clear(out));
    assertTrue(Files.exists(out.resolve("labels.tsv")), "nothing deleted");
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertTrue(PreprocessOutput.problem(file).contains("not a folder"));
  }

  @Test
  void aLinkInsideFacesIsRemovedNotFollowed() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Path keep = Files.createDirectories(tmp.resolve("keep"));
    Files.writeString(keep.resolve("x.avro"), "x");
    Files.createDirectories(out.resolve("faces"));
    Files.createSymbolicLink(out.resolve("faces/elsewhere"), keep);
    PreprocessOutput.clear(out);
    assertFalse(Files.exists(out.resolve("faces")));
    assertTrue(Files.exists(keep.resolve("x.avro")));
  }
}
