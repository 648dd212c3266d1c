package io.lfsbeam.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.LocalPaths.Relation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One place whatever its spelling: trailing slashes, {@code ./}, {@code ..}, symbolic links. */
class LocalPathsTest {
  @TempDir Path tmp;
  Path data;

  @BeforeEach
  void layout() throws Exception {
    data = Files.createDirectories(tmp.resolve("data/faces"));
    Files.createDirectories(tmp.resolve("other"));
    Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("data"));
  }

  @Test
  void spellingsOfOneFolderAreTheSamePlace() throws Exception {
    Path real = data.toRealPath();
    String[] spellings = {
      data.toString(),
      data + "/",
      data + "/.",
      data + "/./",
      tmp + "/data/../data/faces",
      tmp + "/other/../data/faces/",
      tmp + "/link/faces",
      tmp + "/link/faces/../faces",
    };
    for (String s : spellings) {
      assertEquals(real, LocalPaths.canonical(Paths.get(s)), s);
      assertEquals(Relation.SAME, LocalPaths.relation(Paths.get(s), data), s);
    }
  }

  @Test
  void dotDotAfterALinkClimbsFromItsTarget() throws Exception {
    Files.createSymbolicLink(tmp.resolve("other/into-faces"), data);
    // the OS resolves other/into-faces/.. to data/, not to other/
    assertEquals(
        tmp.resolve("data").toRealPath(), LocalPaths.canonical(tmp.resolve("other/into-faces/..")));
  }

  @Test
  void pathsThatDoNotExistYetAreCanonicalUpToTheirLastExistingFolder() throws Exception {
    Path real = data.toRealPath();
    assertEquals(real.resolve("out"), LocalPaths.canonical(Paths.get(tmp + "/link/faces/out")));
    assertEquals(
        real.resolve("out/a"), LocalPaths.canonical(Paths.get(tmp + "/link/faces/./out/b/../a/")));
    assertEquals(Relation.INSIDE, LocalPaths.relation(Paths.get(tmp + "/link/faces/new"), data));
    assertEquals(Relation.CONTAINS, LocalPaths.relation(Paths.get(tmp + "/link"), data));
    assertEquals(Relation.APART, LocalPaths.relation(tmp.resolve("other/new"), data));
    assertTrue(LocalPaths.within(Paths.get(data + "/x/y"), tmp.resolve("link")));
    assertFalse(LocalPaths.within(tmp.resolve("data-faces"), tmp.resolve("data")), "not a prefix");
  }

  @Test
  void aLoopOfLinksIsAnErrorNotAHang() throws Exception {
    Files.createSymbolicLink(tmp.resolve("a"), tmp.resolve("b"));
    Files.createSymbolicLink(tmp.resolve("b"), tmp.resolve("a"));
    Exception e = assertThrows(Exception.class, () -> LocalPaths.canonical(tmp.resolve("a/out")));
    assertTrue(e.getMessage().contains("symbolic links"), e.getMessage());
  }
}
