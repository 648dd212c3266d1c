package io.lfsbeam.insightface;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Reads RecordIO records ({@link RecordIoFile}) at given byte offsets, joining continuation parts.
 * Reads go through one buffer, so records read in file order cost one sequential pass; a seek only
 * happens when the next offset lies outside the buffer.
 *
 * <p>A record that cannot be read (no magic at the offset, a length past the end of the file, parts
 * out of order) is a {@link PackRecordException} naming the byte offset; the reader stays usable
 * for the next offset. Not thread-safe.
 */
public final class RecordIoReader implements Closeable {
  /** Default bound on one record: far above a face image, far below what would hurt a worker. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 64 << 20;

  private static final int BUFFER_BYTES = 1 << 18;

  private final SeekableByteChannel channel;
  private final String name;
  private final long size;
  private final int maxRecordBytes;
  private final ByteBuffer buffer =
      ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private long bufferStart = -1;
  private long nextOffset;

  /** Reads {@code channel} (closed with this reader); {@code name} appears in error messages. */
  public RecordIoReader(SeekableByteChannel channel, String name, int maxRecordBytes)
      throws IOException {
    this.channel = channel;
    this.name = name;
    this.size = channel.size();
    this.maxRecordBytes = maxRecordBytes;
  }

  public static RecordIoReader open(Path file) throws IOException {
    return new RecordIoReader(
        FileChannel.open(file, StandardOpenOption.READ),
        file.getFileName().toString(),
        DEFAULT_MAX_RECORD_BYTES);
  }

  /** The file's size in bytes. */
  public long size() {
    return size;
  }

  /** The offset just past the last record read: where the next record in file order starts. */
  public long nextOffset() {
    return nextOffset;
  }

  /** The payload of the record starting at {@code offset}. */
  public byte[] read(long offset) throws IOException {
    if (offset < 0 || offset >= size) {
      throw new PackRecordException(
          PackFailure.OFFSET_OUTSIDE_FILE,
          String.format(
              Locale.ROOT,
              "byte offset %d is outside %s (%d bytes; truncated?)",
              offset,
              name,
              size));
    }
    ByteArrayOutputStream payload = null;
    byte[] single = null;
    long pos = offset;
    for (int part = 0; ; part++) {
      if (pos + RecordIoFile.HEADER_BYTES > size) {
        throw new PackRecordException(
            PackFailure.TRUNCATED,
            String.format(
                Locale.ROOT,
                "record at byte offset %d: its %s header at byte %d runs past the end of %s at byte %d",
                offset,
                part == 0 ? "" : "continuation",
                pos,
                name,
                size));
      }
      fill(pos, RecordIoFile.HEADER_BYTES);
      int at = (int) (pos - bufferStart);
      int magic = buffer.getInt(at);
      int lrec = buffer.getInt(at + 4);
      if (magic != RecordIoFile.MAGIC) {
        throw new PackRecordException(
            PackFailure.BAD_MAGIC,
            String.format(
                Locale.ROOT,
                "no record at byte offset %d of %s: found 0x%08x where the magic 0x%08x belongs%s",
                pos,
                name,
                magic,
                RecordIoFile.MAGIC,
                part == 0 ? "" : " (continuation of the record at byte " + offset + ")"));
      }
      int flag = RecordIoFile.flag(lrec);
      int length = RecordIoFile.length(lrec);
      boolean expected =
          part == 0
              ? flag == RecordIoFile.WHOLE || flag == RecordIoFile.FIRST
              : flag == RecordIoFile.MIDDLE || flag == RecordIoFile.LAST;
      if (!expected) {
        throw new PackRecordException(
            PackFailure.BAD_CONTINUATION,
            String.format(
                Locale.ROOT,
                "record at byte offset %d: part %d at byte %d has continuation flag %d",
                offset,
                part,
                pos,
                flag));
      }
      long dataStart = pos + RecordIoFile.HEADER_BYTES;
      if (dataStart + length > size) {
        throw new PackRecordException(
            PackFailure.TRUNCATED,
            String.format(
                Locale.ROOT,
                "record at byte offset %d declares %d bytes from byte %d, past the end of %s at byte %d",
                offset,
                length,
                dataStart,
                name,
                size));
      }
      long total = (payload == null ? 0 : payload.size()) + length;
      if (total > maxRecordBytes) {
        throw new PackRecordException(
            PackFailure.RECORD_TOO_LARGE,
            String.format(
                Locale.ROOT,
                "record at byte offset %d is larger than %d bytes",
                offset,
                maxRecordBytes));
      }
      byte[] bytes = new byte[length];
      readFully(dataStart, bytes);
      pos = dataStart + RecordIoFile.padded(length);
      if (flag == RecordIoFile.WHOLE) {
        single = bytes;
        break;
      }
      if (payload == null) {
        payload = new ByteArrayOutputStream(length + 64);
      }
      payload.writeBytes(bytes);
      if (flag == RecordIoFile.LAST) {
        break;
      }
      // the writer cut the record where its payload held the magic: put it back
      payload.writeBytes(MAGIC_BYTES);
    }
    nextOffset = pos;
    return single != null ? single : payload.toByteArray();
  }

  private static final byte[] MAGIC_BYTES =
      ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(RecordIoFile.MAGIC).array();

  /** Makes the buffer hold [pos, pos + n) for n no larger than the buffer. */
  private void fill(long pos, int n) throws IOException {
    if (bufferStart >= 0 && pos >= bufferStart && pos + n <= bufferStart + buffer.limit()) {
      return;
    }
    channel.position(pos);
    buffer.clear();
    while (buffer.position() < n) {
      if (channel.read(buffer) < 0) {
        break;
      }
    }
    // one read usually fills the whole buffer; loop only until the n bytes needed are in
    buffer.flip();
    bufferStart = pos;
    if (buffer.limit() < n) {
      bufferStart = -1;
      throw new IOException(name + " ended early at byte " + (pos + buffer.limit()));
    }
  }

  private void readFully(long pos, byte[] dst) throws IOException {
    int done = 0;
    while (done < dst.length) {
      long p = pos + done;
      if (bufferStart >= 0 && p >= bufferStart && p < bufferStart + buffer.limit()) {
        int at = (int) (p - bufferStart);
        int n = Math.min(dst.length - done, buffer.limit() - at);
        buffer.get(at, dst, done, n);
        done += n;
      } else if (dst.length - done >= BUFFER_BYTES) {
        // a large part: read it straight into place
        ByteBuffer direct = ByteBuffer.wrap(dst, done, dst.length - done);
        channel.position(p);
        while (direct.hasRemaining()) {
          if (channel.read(direct) < 0) {
            throw new IOException(name + " ended early at byte " + (p + direct.position() - done));
          }
        }
        done = dst.length;
      } else {
        fill(p, Math.min(dst.length - done, BUFFER_BYTES));
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
