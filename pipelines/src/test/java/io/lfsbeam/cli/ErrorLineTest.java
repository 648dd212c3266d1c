package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;

/**
 * A failed run's line says what failed, not only where (issue 25, class 6: an exception whose
 * message is just a path printed as "error: /x/y").
 */
class ErrorLineTest {
  @Test
  void fileSystemExceptionsSayWhatHappenedToThePath() {
    assertEquals("permission denied: /x/y", ErrorLine.of(new AccessDeniedException("/x/y")));
    assertEquals("no such file or folder: /x/y", ErrorLine.of(new NoSuchFileException("/x/y")));
    assertEquals("/x/y already exists", ErrorLine.of(new FileAlreadyExistsException("/x/y")));
    assertEquals("not a folder: /x/y", ErrorLine.of(new NotDirectoryException("/x/y")));
    assertEquals("folder not empty: /x/y", ErrorLine.of(new DirectoryNotEmptyException("/x/y")));
    assertEquals(
        "/x/y -> /x/z: Read-only file system",
        ErrorLine.of(new FileSystemException("/x/y", "/x/z", "Read-only file system")));
    assertEquals(
        "/x/y: FileSystemException", ErrorLine.of(new FileSystemException("/x/y", null, null)));
    assertEquals("no such file or folder: /x/y", ErrorLine.of(new FileNotFoundException("/x/y")));
  }

  @Test
  void wrappedPathOnlyExceptionsAreDescribedByTheirCause() {
    // as Files.walk and Beam's file systems wrap them
    assertEquals(
        "permission denied: /x/y",
        ErrorLine.of(new UncheckedIOException(new AccessDeniedException("/x/y"))));
    assertEquals(
        "cannot write the report (cause: permission denied: /out/report.md)",
        ErrorLine.of(
            new IllegalStateException(
                "cannot write the report", new AccessDeniedException("/out/report.md"))));
    // a wrapper that repeats its cause with a class name in front says it once
    IllegalArgumentException cause =
        new IllegalArgumentException("lfw.bin image 5 cannot be decoded");
    assertEquals(
        "lfw.bin image 5 cannot be decoded",
        ErrorLine.of(
            new RuntimeException(
                "java.lang.IllegalArgumentException: " + cause.getMessage(), cause)));
    // a message that is only a name says which kind of failure it is
    assertEquals("IllegalStateException: /x/y", ErrorLine.of(new IllegalStateException("/x/y")));
    assertEquals("NullPointerException", ErrorLine.of(new NullPointerException()));
  }
}
