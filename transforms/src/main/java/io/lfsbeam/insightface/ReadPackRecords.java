package io.lfsbeam.insightface;

import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads the face records of an insightface pack in parallel ({@link RecordIoSource}): every face
 * key of the .idx becomes one {@link PackRecord}, read or failed with a reason.
 *
 * <pre>{@code
 * PCollection<PackRecord> records = p.apply(ReadPackRecords.from("/data/faces_webface_112x112"));
 * }</pre>
 */
public final class ReadPackRecords extends PTransform<PBegin, PCollection<PackRecord>> {
  private final String dir;

  private ReadPackRecords(String dir) {
    this.dir = dir;
  }

  /** The pack in {@code dir} (holding {@code train.rec} and {@code train.idx}). */
  public static ReadPackRecords from(String dir) {
    return new ReadPackRecords(dir);
  }

  @Override
  public PCollection<PackRecord> expand(PBegin begin) {
    return begin.apply("ReadRecordIo", Read.from(RecordIoSource.of(dir)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("pack", dir).withLabel("Pack folder"));
  }
}
