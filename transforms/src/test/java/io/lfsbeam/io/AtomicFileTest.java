package io.lfsbeam.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole files, local and through Beam's file systems: replaced in one step, or not at all. */
class AtomicFileTest {
  @TempDir Path tmp;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryFileInEitherForm() throws Exception {
    Path f = tmp.resolve("roc.png");
    Files.writeString(f, "old");
    assertThrows(
        IOException.class,
        () ->
            AtomicFile.write(
                f,
                out -> {
                  out.write(1);
                  throw new IOException("encoder failed");
                }));
    assertThrows(
        IOException.class,
        () ->
            AtomicFile.write(
                f.toString(),
                out -> {
                  out.write(1);
                  throw new IOException("encoder failed");
                }));
    assertEquals("old", Files.readString(f));
    assertEquals(List.of("roc.png"), names());
    AtomicFile.write(f, "new".getBytes());
    assertEquals("new", Files.readString(f));
    AtomicFile.write(tmp.resolve("sub/deeper/x.tsv"), "made".getBytes());
    assertEquals("made", Files.readString(tmp.resolve("sub/deeper/x.tsv")));
    assertEquals(List.of("roc.png", "sub"), names());
  }
}
