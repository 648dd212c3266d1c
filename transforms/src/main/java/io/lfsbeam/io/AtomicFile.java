package io.lfsbeam.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * A whole-file write through Beam's {@link FileSystems} (any registered scheme) that readers never
 * see half done: the bytes go to a hidden temporary name in the target's folder, which is renamed
 * to the target once the stream is closed. A failed write leaves the target as it was.
 */
public final class AtomicFile {
  /** Writes the file's content to the stream it is given (closing it is allowed, not needed). */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  public static void write(String uri, Content content) throws IOException {
    ResourceId target = FileSystems.matchNewResource(uri, false);
    ResourceId temp =
        target
            .getCurrentDirectory()
            .resolve(
                "." + target.getFilename() + "." + UUID.randomUUID() + ".tmp",
                StandardResolveOptions.RESOLVE_FILE);
    try (WritableByteChannel ch = FileSystems.create(temp, MimeTypes.BINARY);
        OutputStream out = Channels.newOutputStream(ch)) {
      content.writeTo(out);
    }
    FileSystems.rename(
        List.of(temp), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }
}
