package io.lfsbeam.insightface;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A local insightface pack ({@code train.rec}, {@code train.idx}, optional {@code property}) read
 * without Beam: for tools, tests and benchmarks. The pipeline reads the same files through {@link
 * RecordIoSource}, range by range.
 */
public final class FacePack implements Closeable {
  private final Path dir;
  private final RecordIoReader rec;
  private final List<PackIndex.Entry> entries;
  private final PackLayout layout;
  private final PackProperty property;

  private FacePack(
      Path dir,
      RecordIoReader rec,
      List<PackIndex.Entry> entries,
      PackLayout layout,
      PackProperty property) {
    this.dir = dir;
    this.rec = rec;
    this.entries = entries;
    this.layout = layout;
    this.property = property;
  }

  /** Opens the pack in {@code dir}; a pack whose record 0 cannot be read fails here. */
  public static FacePack open(Path dir) throws IOException {
    List<PackIndex.Entry> entries = PackIndex.read(dir.resolve(RecordIoFile.IDX));
    RecordIoReader rec = RecordIoReader.open(dir.resolve(RecordIoFile.REC));
    try {
      PackLayout layout;
      try (ReadableByteChannel idx =
          FileChannel.open(dir.resolve(RecordIoFile.IDX), StandardOpenOption.READ)) {
        layout = readLayout(idx, rec);
      }
      Path p = dir.resolve(RecordIoFile.PROPERTY);
      PackProperty property = Files.exists(p) ? PackProperty.parse(Files.readString(p)) : null;
      return new FacePack(dir, rec, entries, layout, property);
    } catch (IOException | RuntimeException e) {
      rec.close();
      throw e;
    }
  }

  /**
   * The layout record 0 declares: the record the .idx gives key 0 (normally its first line); every
   * key is a face when there is no key 0. A record 0 that cannot be read makes the whole pack
   * unreadable (faces cannot be told from identity records), so this throws an {@link IOException}
   * whose message says so, rather than a {@link PackRecordException}.
   */
  public static PackLayout readLayout(ReadableByteChannel idx, RecordIoReader rec)
      throws IOException {
    try (PackIndex.Lines lines = new PackIndex.Lines(idx, 0)) {
      for (String line = lines.next(); line != null; line = lines.next()) {
        PackIndex.Entry e;
        try {
          e = PackIndex.parse(line);
        } catch (PackRecordException bad) {
          continue;
        }
        if (e != null && e.key() == 0) {
          try {
            return PackLayout.fromRecordZero(ImageRecordHeader.parse(rec.read(e.offset())));
          } catch (PackRecordException bad) {
            throw new IOException(
                "the pack's record 0 (its header) cannot be read, so faces cannot be told from"
                    + " identity records: "
                    + bad.getMessage());
          }
        }
      }
    }
    return PackLayout.everyKey();
  }

  public Path dir() {
    return dir;
  }

  public PackLayout layout() {
    return layout;
  }

  public Optional<PackProperty> property() {
    return Optional.ofNullable(property);
  }

  /** Every .idx entry, in file order. */
  public List<PackIndex.Entry> entries() {
    return entries;
  }

  /** The .idx entries of faces, in file order. */
  public List<PackIndex.Entry> faceEntries() {
    return entries.stream().filter(e -> layout.isFace(e.key())).toList();
  }

  /** The face an entry points at. */
  public PackedFace face(PackIndex.Entry e) throws IOException {
    return PackedFace.parse(e.key(), e.offset(), rec.read(e.offset()));
  }

  /** The image-record header of any record (faces, record 0, identity records). */
  public ImageRecordHeader header(PackIndex.Entry e) throws IOException {
    return ImageRecordHeader.parse(rec.read(e.offset()));
  }

  /** Every face, in .idx order; the first record that cannot be read throws. */
  public List<PackedFace> faces() throws IOException {
    List<PackedFace> out = new ArrayList<>();
    for (PackIndex.Entry e : faceEntries()) {
      out.add(face(e));
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    rec.close();
  }
}
