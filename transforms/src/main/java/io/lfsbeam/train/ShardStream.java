package io.lfsbeam.train;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.Arrays;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.beam.sdk.io.FileSystems;

/**
 * The records of one Avro shard, read front to back through Beam's {@link FileSystems}, with every
 * error naming the shard.
 *
 * <p>Avro's {@link DataFileStream#hasNext} treats an end of file inside a block as the end of the
 * data, so a shard cut off by a failed copy would silently lose its last block. A complete Avro
 * file ends with its 16-byte sync marker (written after every block and at the end of the header),
 * so the last 16 bytes of the stream are checked against the header's marker when the records end.
 */
final class ShardStream<D> implements AutoCloseable {
  private static final int SYNC_SIZE = 16;

  private final String shard;
  private final TailInputStream tail;
  private final DataFileStream<D> stream;
  private final byte[] sync;

  private ShardStream(String shard, TailInputStream tail, DataFileStream<D> stream, byte[] sync) {
    this.shard = shard;
    this.tail = tail;
    this.stream = stream;
    this.sync = sync;
  }

  /** Opens a shard; a missing, empty or non-Avro file fails with its name. */
  static <D> ShardStream<D> open(String shard, DatumReader<D> reader) throws IOException {
    TailInputStream tail = null;
    try {
      tail =
          new TailInputStream(
              Channels.newInputStream(
                  FileSystems.open(FileSystems.matchSingleFileSpec(shard).resourceId())));
      BufferedInputStream in = new BufferedInputStream(tail, 1 << 16);
      byte[] sync = syncMarker(in);
      return new ShardStream<>(shard, tail, new DataFileStream<>(in, reader), sync);
    } catch (IOException | RuntimeException e) {
      if (tail != null) {
        tail.close();
      }
      throw unreadable(shard, e);
    }
  }

  /**
   * Reads the header's sync marker (magic, metadata map, marker) and rewinds for Avro's own reader.
   */
  private static byte[] syncMarker(BufferedInputStream in) throws IOException {
    in.mark(1 << 20);
    BinaryDecoder header = DecoderFactory.get().directBinaryDecoder(in, null);
    header.skipFixed(4);
    for (long n = header.readMapStart(); n != 0; n = header.mapNext()) {
      for (long i = 0; i < n; i++) {
        header.skipString();
        header.skipBytes();
      }
    }
    byte[] sync = new byte[SYNC_SIZE];
    header.readFixed(sync);
    in.reset();
    return sync;
  }

  String shard() {
    return shard;
  }

  /** Whether another record follows; at the end, whether the shard was complete. */
  boolean hasNext() throws IOException {
    boolean more;
    try {
      more = stream.hasNext();
    } catch (RuntimeException e) {
      throw unreadable(shard, e);
    }
    if (!more && !(tail.ended() && Arrays.equals(tail.last(), sync))) {
      throw new IOException(
          "training shard " + shard + " is truncated: it does not end with its Avro sync marker");
    }
    return more;
  }

  D next(D reuse) throws IOException {
    try {
      return stream.next(reuse);
    } catch (IOException | RuntimeException e) {
      throw unreadable(shard, e);
    }
  }

  /**
   * Avro reports a cut-off or garbled block as a bare EOFException or AvroRuntimeException: say
   * which file.
   */
  static IOException unreadable(String shard, Exception cause) {
    return new IOException(
        "training shard " + shard + " is unreadable (truncated or corrupt?): " + cause, cause);
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }

  /** Remembers the last 16 bytes that passed and whether the end of the file was reached. */
  private static final class TailInputStream extends FilterInputStream {
    private final byte[] ring = new byte[SYNC_SIZE];
    private long count;
    private boolean ended;

    TailInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b < 0) {
        ended = true;
      } else {
        ring[(int) (count++ % SYNC_SIZE)] = (byte) b;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n < 0) {
        ended = true;
      }
      // only the last 16 bytes of a read can stay in the ring: skip the rest rather than loop
      // over every image byte of the shard
      int skip = Math.max(0, n - SYNC_SIZE);
      count += skip;
      for (int i = skip; i < n; i++) {
        ring[(int) (count++ % SYNC_SIZE)] = b[off + i];
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // a skip would bypass the ring; read instead (Avro only skips inside records it already
      // buffered)
      byte[] scratch = new byte[(int) Math.min(n, 8192)];
      int r = read(scratch, 0, scratch.length);
      return Math.max(r, 0);
    }

    boolean ended() {
      return ended;
    }

    byte[] last() {
      byte[] out = new byte[SYNC_SIZE];
      for (int i = 0; i < SYNC_SIZE; i++) {
        out[i] = ring[(int) ((count + i) % SYNC_SIZE)];
      }
      return count >= SYNC_SIZE ? out : new byte[0];
    }
  }
}
