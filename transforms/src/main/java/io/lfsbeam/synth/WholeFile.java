package io.lfsbeam.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file written whole or not at all: the bytes go to a hidden temporary file beside it, renamed
 * over it in one step (the JDK-only twin of {@code io.lfsbeam.io.AtomicFile}, which this package
 * may not depend on), so a synth run killed half way leaves no half-written image.
 */
final class WholeFile {
  private WholeFile() {}

  static void write(Path file, byte[] bytes) throws IOException {
    Path abs = file.toAbsolutePath();
    Path temp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
    try {
      Files.write(temp, bytes);
      Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
