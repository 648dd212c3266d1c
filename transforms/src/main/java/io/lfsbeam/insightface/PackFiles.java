package io.lfsbeam.insightface;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The files of a pack through Beam's {@link FileSystems}, so a pack on any registered file system
 * (local, gs://, s3://, hdfs://) reads as a local one does.
 */
public final class PackFiles {
  private PackFiles() {}

  /** {@code name} ({@link RecordIoFile#REC}, {@link RecordIoFile#IDX}, ...) in the pack folder. */
  public static ResourceId file(String dir, String name) {
    return FileSystems.matchNewResource(dir, true)
        .resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }

  /** Whether {@code dir} holds a pack: both {@code train.rec} and {@code train.idx}. */
  public static boolean isPack(String dir) throws IOException {
    return exists(file(dir, RecordIoFile.REC)) && exists(file(dir, RecordIoFile.IDX));
  }

  public static boolean exists(ResourceId file) throws IOException {
    if ("file".equals(file.getScheme())) {
      // Beam's local file system answers a match of a missing file by walking every folder under
      // its parent (at any depth, through links): a stat instead. (That walk ran twice over a
      // folder input before any pipeline, and never ended in a folder with two link loops.)
      return Files.isRegularFile(Paths.get(file.toString()));
    }
    try {
      MatchResult m = FileSystems.match(file.toString());
      return m.status() == MatchResult.Status.OK && !m.metadata().isEmpty();
    } catch (FileNotFoundException e) {
      // the local file system reports a missing file (no glob) this way
      return false;
    }
  }

  /** A reader of the .rec file; the file system must give seekable channels (all built-in do). */
  public static RecordIoReader openRec(ResourceId rec) throws IOException {
    ReadableByteChannel ch = FileSystems.open(rec);
    if (!(ch instanceof SeekableByteChannel seekable)) {
      ch.close();
      throw new IOException(rec + ": the file system gives no seekable channel; a pack needs one");
    }
    return new RecordIoReader(seekable, rec.getFilename(), RecordIoReader.DEFAULT_MAX_RECORD_BYTES);
  }

  /** The layout record 0 declares ({@link FacePack#readLayout}). */
  public static PackLayout readLayout(String dir) throws IOException {
    return readLayout(file(dir, RecordIoFile.IDX), file(dir, RecordIoFile.REC));
  }

  static PackLayout readLayout(ResourceId idx, ResourceId rec) throws IOException {
    try (ReadableByteChannel idxChannel = FileSystems.open(idx);
        RecordIoReader recReader = openRec(rec)) {
      return FacePack.readLayout(idxChannel, recReader);
    }
  }
}
