package io.lfsbeam.insightface;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an insightface pack as arcface_torch reads it: {@code train.rec} with record 0 (flag 2,
 * labels {@code [N+1, N+1+C]}), faces as keys 1..N (flag 0, class as label, key as id) grouped by
 * class, then one identity record per class (flag 2, labels {@code [first key, end key)}, no
 * image); {@code train.idx} and {@code property}. Records are in key order in the file, so readers
 * that walk the file in offset order (DALI) see the same sequence as those that look keys up.
 *
 * <pre>{@code
 * try (FacePackWriter w = FacePackWriter.create(dir, 112, 112)) {
 *   w.add(0, png0); w.add(0, png1); w.add(1, png2);   // classes in non-decreasing order
 * }
 * }</pre>
 */
public final class FacePackWriter implements Closeable {
  private final Path dir;
  private final int height;
  private final int width;
  private final FileChannel channel;
  private final RecordIoWriter rec;
  private final List<PackIndex.Entry> entries = new ArrayList<>();

  /** Key of the first face of each class so far (index = class). */
  private final List<Long> classStarts = new ArrayList<>();

  private final long headerLength;
  private boolean closed;

  private FacePackWriter(Path dir, int height, int width) throws IOException {
    this.dir = dir;
    this.height = height;
    this.width = width;
    Files.createDirectories(dir);
    this.channel =
        FileChannel.open(
            dir.resolve(RecordIoFile.REC),
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    this.rec =
        new RecordIoWriter(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16), 0);
    // record 0 is rewritten in place once N and C are known; its encoding has a fixed length
    byte[] placeholder = recordZero(0, 0);
    this.headerLength = RecordIoWriter.encodedLength(placeholder);
    entries.add(new PackIndex.Entry(0, rec.write(placeholder)));
  }

  /**
   * Starts a pack in {@code dir} (created; existing pack files replaced) of {@code height×width}
   * faces.
   */
  public static FacePackWriter create(Path dir, int height, int width) throws IOException {
    return new FacePackWriter(dir, height, width);
  }

  /** Appends a face; classes must come in non-decreasing order (a class skipped has no faces). */
  public long add(int classIndex, byte[] image) throws IOException {
    if (classIndex < classStarts.size() - 1) {
      throw new IllegalArgumentException(
          "faces must come grouped by class in non-decreasing order: class "
              + classIndex
              + " after class "
              + (classStarts.size() - 1));
    }
    long key = entries.size();
    while (classStarts.size() <= classIndex) {
      classStarts.add(key);
    }
    long offset = rec.write(ImageRecordHeader.face(classIndex, key).encode(image));
    entries.add(new PackIndex.Entry(key, offset));
    return key;
  }

  /**
   * Makes the pack declare at least {@code classes} classes; the classes after the last face's get
   * empty identity records. Call after the last face.
   */
  public void declareClasses(int classes) {
    long end = entries.size();
    while (classStarts.size() < classes) {
      classStarts.add(end);
    }
  }

  /** Faces added so far. */
  public long faces() {
    return entries.size() - 1L;
  }

  private static byte[] recordZero(long faces, long classes) {
    return ImageRecordHeader.withLabels(0, faces + 1, faces + 1 + classes).encode(new byte[0]);
  }

  /** Writes the identity records, record 0, the .idx and the property file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    long faces = faces();
    int classes = classStarts.size();
    try {
      for (int c = 0; c < classes; c++) {
        long first = classStarts.get(c);
        long end = c + 1 < classes ? classStarts.get(c + 1) : faces + 1;
        long key = entries.size();
        long offset = rec.write(ImageRecordHeader.withLabels(key, first, end).encode(new byte[0]));
        entries.add(new PackIndex.Entry(key, offset));
      }
      byte[] zero = recordZero(faces, classes);
      ByteArrayOutputStream framed = new ByteArrayOutputStream();
      try (RecordIoWriter w = new RecordIoWriter(framed, 0)) {
        w.write(zero);
      }
      if (framed.size() != headerLength) {
        throw new IllegalStateException("record 0 changed length; cannot rewrite it in place");
      }
      rec.flush();
      channel.write(ByteBuffer.wrap(framed.toByteArray()), 0);
    } finally {
      rec.close();
    }
    PackIndex.write(dir.resolve(RecordIoFile.IDX), entries);
    Files.writeString(
        dir.resolve(RecordIoFile.PROPERTY), new PackProperty(classes, height, width).format());
  }
}
