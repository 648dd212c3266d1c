package io.lfsbeam.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.FileSystems;

/**
 * Small whole-file reads and atomic writes through Beam's {@link FileSystems} (any registered
 * scheme).
 */
public final class TextFiles {
  private TextFiles() {}

  public static void write(String uri, String text) throws IOException {
    writeBytes(uri, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes atomically ({@link AtomicFile}): readers never see a partial file. */
  public static void writeBytes(String uri, byte[] bytes) throws IOException {
    AtomicFile.write(uri, out -> out.write(bytes));
  }

  public static byte[] readBytes(String uri) throws IOException {
    try (InputStream in =
        Channels.newInputStream(
            FileSystems.open(FileSystems.matchSingleFileSpec(uri).resourceId()))) {
      return in.readAllBytes();
    }
  }

  public static String read(String uri) throws IOException {
    return new String(readBytes(uri), StandardCharsets.UTF_8);
  }
}
