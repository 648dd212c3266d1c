package io.lfsbeam.insightface;

import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.OffsetBasedSource;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.display.DisplayData;

/**
 * The faces of an insightface pack as a Beam source that splits by byte ranges of {@code
 * train.idx}: a range reads the index lines that start in it (as TextIO splits text) and, for each
 * line naming a face, the record it points at in {@code train.rec}. Any runner can thus read a pack
 * in parallel and rebalance it dynamically, and no worker ever holds the whole index.
 *
 * <p>Offsets are .idx bytes; {@link #getBytesPerOffset()} scales them by the .rec/.idx size ratio
 * so bundle sizes are in .rec bytes. The first {@link #split} resolves the file sizes and the
 * layout (record 0), once, and hands them to every sub-source.
 *
 * <p>Records that cannot be read, and .idx lines whose key record 0 does not declare, come out as
 * failed {@link PackRecord}s with a reason; only the loss of a whole pack (a missing file, an
 * unreadable record 0, a failing disk) fails the read.
 */
public final class RecordIoSource extends OffsetBasedSource<PackRecord> {
  private static final long serialVersionUID = 1L;

  /** Smallest bundle in .idx bytes (a few lines); runners ask for far larger ones on real packs. */
  private static final long MIN_BUNDLE_BYTES = 64;

  private final String rec;
  private final String idx;

  /** Sizes and layout, null until resolved. */
  private final Resolved resolved;

  private record Resolved(long idxSize, long recSize, PackLayout layout) implements Serializable {}

  private RecordIoSource(String rec, String idx, long start, long end, Resolved resolved) {
    super(start, end, MIN_BUNDLE_BYTES);
    this.rec = rec;
    this.idx = idx;
    this.resolved = resolved;
  }

  /** The pack in {@code dir} ({@code train.rec}, {@code train.idx}); any Beam file system. */
  public static RecordIoSource of(String dir) {
    return of(
        PackFiles.file(dir, RecordIoFile.REC).toString(),
        PackFiles.file(dir, RecordIoFile.IDX).toString());
  }

  /** A pack given by its two files. */
  public static RecordIoSource of(String recFile, String idxFile) {
    return new RecordIoSource(recFile, idxFile, 0, Long.MAX_VALUE, null);
  }

  private RecordIoSource resolve() throws IOException {
    if (resolved != null) {
      return this;
    }
    MatchResult.Metadata idxMeta = FileSystems.matchSingleFileSpec(idx);
    MatchResult.Metadata recMeta = FileSystems.matchSingleFileSpec(rec);
    PackLayout layout = PackFiles.readLayout(idxMeta.resourceId(), recMeta.resourceId());
    Resolved r = new Resolved(idxMeta.sizeBytes(), recMeta.sizeBytes(), layout);
    return new RecordIoSource(rec, idx, getStartOffset(), Math.min(getEndOffset(), r.idxSize()), r);
  }

  /** The layout record 0 declares, once resolved (null before). */
  PackLayout layout() {
    return resolved == null ? null : resolved.layout();
  }

  @Override
  public List<? extends OffsetBasedSource<PackRecord>> split(
      long desiredBundleSizeBytes, PipelineOptions options) throws Exception {
    RecordIoSource r = resolve();
    return r == this
        ? super.split(desiredBundleSizeBytes, options)
        : r.split(desiredBundleSizeBytes, options);
  }

  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) throws Exception {
    RecordIoSource r = resolve();
    return r == this ? super.getEstimatedSizeBytes(options) : r.getEstimatedSizeBytes(options);
  }

  @Override
  public long getBytesPerOffset() {
    return resolved == null || resolved.idxSize() == 0
        ? 1
        : Math.max(1, resolved.recSize() / resolved.idxSize());
  }

  @Override
  public long getMaxEndOffset(PipelineOptions options) throws Exception {
    return resolve().resolved.idxSize();
  }

  @Override
  public RecordIoSource createSourceForSubrange(long start, long end) {
    return new RecordIoSource(rec, idx, start, end, resolved);
  }

  @Override
  public BoundedReader<PackRecord> createReader(PipelineOptions options) throws IOException {
    return new PackReader(resolve());
  }

  @Override
  public Coder<PackRecord> getOutputCoder() {
    return PackRecordCoder.of();
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("rec", rec).withLabel("RecordIO file"))
        .add(DisplayData.item("idx", idx).withLabel("Index file"));
    if (resolved != null) {
      builder.add(DisplayData.item("layout", resolved.layout().toString()).withLabel("Layout"));
    }
  }

  /** Reads the index lines starting in the range and the face records they point at. */
  private static final class PackReader extends OffsetBasedReader<PackRecord> {
    private final RecordIoSource source;
    private PackIndex.Lines lines;
    private RecordIoReader records;
    private PackRecord current;
    private long currentOffset;

    PackReader(RecordIoSource source) {
      super(source);
      this.source = source;
    }

    @Override
    protected boolean startImpl() throws IOException {
      long start = source.getStartOffset();
      ReadableByteChannel ch =
          FileSystems.open(FileSystems.matchSingleFileSpec(source.idx).resourceId());
      if (start > 0) {
        ((SeekableByteChannel) ch).position(start - 1);
      }
      lines = new PackIndex.Lines(ch, start);
      records = PackFiles.openRec(FileSystems.matchSingleFileSpec(source.rec).resourceId());
      return advanceImpl();
    }

    @Override
    protected boolean advanceImpl() throws IOException {
      PackLayout layout = source.resolved.layout();
      for (String line = lines.next(); line != null; line = lines.next()) {
        long at = lines.lineStart();
        currentOffset = at;
        if (at >= getCurrentSource().getEndOffset()) {
          // past the (possibly shrunk) range: the range tracker refuses it; do not read the record
          current = null;
          return true;
        }
        PackIndex.Entry e;
        try {
          e = PackIndex.parse(line);
        } catch (PackRecordException bad) {
          current = PackRecord.failed(-1, -1, at, bad.failure(), bad.getMessage());
          return true;
        }
        if (e == null || (!layout.isFace(e.key()) && layout.isDeclared(e.key()))) {
          continue; // a blank line, record 0 or an identity record
        }
        if (!layout.isFace(e.key())) {
          current =
              PackRecord.failed(
                  e.key(),
                  e.offset(),
                  at,
                  PackFailure.UNDECLARED_KEY,
                  "key "
                      + e.key()
                      + " is not among the records record 0 declares ("
                      + layout
                      + ")");
          return true;
        }
        try {
          current = PackRecord.read(e.key(), e.offset(), at, records.read(e.offset()));
        } catch (PackRecordException bad) {
          current = PackRecord.failed(e.key(), e.offset(), at, bad.failure(), bad.getMessage());
        }
        return true;
      }
      return false;
    }

    @Override
    protected long getCurrentOffset() {
      return currentOffset;
    }

    @Override
    public PackRecord getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public void close() throws IOException {
      try (PackIndex.Lines l = lines;
          RecordIoReader r = records) {
        // both closed, even if one fails
      }
    }
  }
}
