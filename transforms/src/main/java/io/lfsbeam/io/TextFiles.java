package io.lfsbeam.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Small whole-file reads and atomic writes through Beam's {@link FileSystems} (any registered
 * scheme).
 */
public final class TextFiles {
  private TextFiles() {}

  public static void write(String uri, String text) throws IOException {
    writeBytes(uri, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes under a temporary name in the same folder, then renames: readers never see a partial
   * file.
   */
  public static void writeBytes(String uri, byte[] bytes) throws IOException {
    ResourceId target = FileSystems.matchNewResource(uri, false);
    ResourceId temp =
        target
            .getCurrentDirectory()
            .resolve(
                "." + target.getFilename() + "." + UUID.randomUUID() + ".tmp",
                StandardResolveOptions.RESOLVE_FILE);
    try (WritableByteChannel ch = FileSystems.create(temp, MimeTypes.BINARY);
        OutputStream out = Channels.newOutputStream(ch)) {
      out.write(bytes);
    }
    FileSystems.rename(
        List.of(temp), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
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
