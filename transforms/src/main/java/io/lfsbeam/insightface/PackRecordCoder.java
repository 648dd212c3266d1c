package io.lfsbeam.insightface;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** Beam coder of {@link PackRecord}: three varints, then the payload or the failure and message. */
public final class PackRecordCoder extends AtomicCoder<PackRecord> {
  private static final PackRecordCoder INSTANCE = new PackRecordCoder();
  private static final VarLongCoder LONG = VarLongCoder.of();
  private static final ByteArrayCoder BYTES = ByteArrayCoder.of();
  private static final StringUtf8Coder TEXT = StringUtf8Coder.of();

  private PackRecordCoder() {}

  public static PackRecordCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(PackRecord r, OutputStream out) throws IOException {
    // +1: keys and offsets are −1 when unknown, and varints are shortest for small non-negatives
    LONG.encode(r.key() + 1, out);
    LONG.encode(r.offset() + 1, out);
    LONG.encode(r.indexOffset(), out);
    if (r.isRead()) {
      TEXT.encode("", out);
      BYTES.encode(r.payload(), out);
    } else {
      TEXT.encode(r.failure().name(), out);
      TEXT.encode(r.message() == null ? "" : r.message(), out);
    }
  }

  @Override
  public PackRecord decode(InputStream in) throws IOException {
    long key = LONG.decode(in) - 1;
    long offset = LONG.decode(in) - 1;
    long indexOffset = LONG.decode(in);
    String failure = TEXT.decode(in);
    if (failure.isEmpty()) {
      return PackRecord.read(key, offset, indexOffset, BYTES.decode(in));
    }
    return PackRecord.failed(
        key, offset, indexOffset, PackFailure.valueOf(failure), TEXT.decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
