package io.lfsbeam.insightface;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes RecordIO records ({@link RecordIoFile}) as dmlc-core's writer does: a payload holding the
 * magic at a 4-byte-aligned position is split there into first / middle / last parts (the magic
 * dropped, the reader restores it), so an aligned magic in the file always starts a part. Every
 * part is zero-padded to a multiple of 4 bytes.
 */
public final class RecordIoWriter implements Closeable {
  private final OutputStream out;
  private final ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
  private long position;

  /** Writes to {@code out} (closed with this writer), whose first byte is at {@code position}. */
  public RecordIoWriter(OutputStream out, long position) {
    this.out = out;
    this.position = position;
  }

  /** The byte offset the next record will start at. */
  public long position() {
    return position;
  }

  /** Appends one record; returns the byte offset it starts at (the .idx entry). */
  public long write(byte[] payload) throws IOException {
    long start = position;
    int aligned = payload.length & ~3;
    int from = 0;
    for (int i = 0; i < aligned; i += 4) {
      if (isMagicAt(payload, i)) {
        part(from == 0 ? RecordIoFile.FIRST : RecordIoFile.MIDDLE, payload, from, i - from);
        from = i + 4;
      }
    }
    part(from == 0 ? RecordIoFile.WHOLE : RecordIoFile.LAST, payload, from, payload.length - from);
    return start;
  }

  /** The number of bytes {@link #write} will take for this payload. */
  public static long encodedLength(byte[] payload) {
    long n = 0;
    int from = 0;
    for (int i = 0; i < (payload.length & ~3); i += 4) {
      if (isMagicAt(payload, i)) {
        n += RecordIoFile.HEADER_BYTES + RecordIoFile.padded(i - from);
        from = i + 4;
      }
    }
    return n + RecordIoFile.HEADER_BYTES + RecordIoFile.padded(payload.length - from);
  }

  private static boolean isMagicAt(byte[] b, int i) {
    return b[i] == (byte) RecordIoFile.MAGIC
        && b[i + 1] == (byte) (RecordIoFile.MAGIC >>> 8)
        && b[i + 2] == (byte) (RecordIoFile.MAGIC >>> 16)
        && b[i + 3] == (byte) (RecordIoFile.MAGIC >>> 24);
  }

  private void part(int flag, byte[] payload, int from, int length) throws IOException {
    header.clear();
    header.putInt(RecordIoFile.MAGIC).putInt(RecordIoFile.lrec(flag, length));
    out.write(header.array());
    out.write(payload, from, length);
    int pad = (int) (RecordIoFile.padded(length) - length);
    out.write(ZEROS, 0, pad);
    position += RecordIoFile.HEADER_BYTES + length + pad;
  }

  private static final byte[] ZEROS = new byte[4];

  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
