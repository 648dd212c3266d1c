package io.lfsbeam.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder published whole or not at all (issue 25, class 4: {@code kill -9} during the final
 * export left {@code model/} missing or half written): a process killed at each step leaves the old
 * folder or the new one, whole, and the next write removes what it left.
 */
class AtomicDirectoryTest {
  @TempDir Path tmp;

  @AfterEach
  void resetSeams() {
    AtomicDirectory.exchange = true;
    AtomicDirectory.afterSwap = () -> {};
    AtomicDirectory.betweenRenames = () -> {};
  }

  /** The old model: 3 files of "old" and a sub-folder, as a SavedModel has variables/. */
  private static void writeOld(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("variables"));
    for (int i = 0; i < 3; i++) {
      Files.writeString(dir.resolve("part-" + i), "old " + i);
    }
    Files.writeString(dir.resolve("variables/v"), "old variables");
  }

  /** Relative path → content of every file under {@code dir}. */
  private static TreeMap<String, String> contents(Path dir) throws IOException {
    TreeMap<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        m.put(dir.relativize(p).toString(), Files.readString(p));
      }
    }
    return m;
  }

  private static TreeMap<String, String> expectedNew() {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < AtomicDirectoryCrashMain.FILES; i++) {
      m.put("part-" + i, "new " + i);
    }
    return m;
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aProcessKilledAtAnyStepLeavesTheOldFolderOrTheNewOneWhole() throws Exception {
    Object[][] cases = {
      // step, fallback?, what the target holds afterwards
      {"writing", false, "old"},
      {"after-swap", false, "new"},
      {"writing", true, "old"},
      {"between-renames", true, "old (put back)"},
      {"after-swap", true, "new"},
    };
    for (Object[] c : cases) {
      Path parent = Files.createDirectories(tmp.resolve(c[0] + "-" + c[1]));
      Path model = parent.resolve("model");
      writeOld(model);
      TreeMap<String, String> old = contents(model);
      List<String> args = new ArrayList<>(List.of(model.toString(), (String) c[0]));
      if ((boolean) c[1]) {
        args.add("fallback");
      }
      try (ChildJvm child =
          ChildJvm.start(AtomicDirectoryCrashMain.class, args.toArray(new String[0]))) {
        assertEquals(137, child.waitFor(), "killed at " + c[0]);
      }
      String what = (String) c[2];
      if (what.startsWith("new")) {
        assertEquals(expectedNew(), contents(model), c[0] + " " + c[1]);
      } else if (what.equals("old")) {
        assertEquals(old, contents(model), c[0] + " " + c[1]);
      } else {
        // the fallback's one window: the old folder is aside, whole, and is put back
        assertTrue(!Files.exists(model), "between the renames the target is missing");
        assertTrue(AtomicDirectory.recover(model));
        assertEquals(old, contents(model), c[0] + " " + c[1]);
      }
      // the next write removes the leftovers and publishes whole
      AtomicDirectory.replace(model, dir -> Files.writeString(dir.resolve("only"), "next"));
      assertEquals(List.of("model"), names(parent), "no hidden siblings left: " + names(parent));
      assertEquals(new TreeMap<>(Map.of("only", "next")), contents(model));
    }
  }

  @Test
  void aWriteThatFailsLeavesTheOldFolderAndNothingElse() throws Exception {
    Path model = tmp.resolve("model");
    writeOld(model);
    TreeMap<String, String> old = contents(model);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicDirectory.replace(
                    model,
                    dir -> {
                      Files.writeString(dir.resolve("half"), "x");
                      throw new IOException("disk full");
                    }));
    assertEquals("disk full", e.getMessage());
    assertEquals(old, contents(model));
    assertEquals(List.of("model"), names(tmp));
  }

  @Test
  void aMissingTargetIsCreatedAndAFileInItsPlaceIsRefused() throws Exception {
    Path fresh = tmp.resolve("a/b/model");
    AtomicDirectory.replace(fresh, dir -> Files.writeString(dir.resolve("f"), "1"));
    assertEquals("1", Files.readString(fresh.resolve("f")));
    Path file = Files.writeString(tmp.resolve("plain"), "not a folder");
    IOException e =
        assertThrows(
            IOException.class,
            () -> AtomicDirectory.replace(file, dir -> Files.writeString(dir.resolve("f"), "1")));
    assertTrue(e.getMessage().contains("is not a folder"), e.getMessage());
    assertEquals("not a folder", Files.readString(file));
  }
}
