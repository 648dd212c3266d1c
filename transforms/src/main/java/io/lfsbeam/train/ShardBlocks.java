package io.lfsbeam.train;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.Arrays;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryData;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.beam.sdk.io.FileSystems;

/**
 * The blocks of one Avro shard as they lie in the file, still compressed, read front to back
 * through Beam's {@link FileSystems}, so that others can decompress and decode them in parallel.
 *
 * <p>Why not Avro's own {@code DataFileStream}: it decompresses each block on the reading thread,
 * and for deflated face shards that costs about as much as the PNG decoding (PNG bytes do not
 * compress: 0.2 % smaller; reading a 112×112 face took 65–130 µs of CPU deflated against ~4 µs
 * stored, on a loaded 2-core machine), so one reading thread would cap the rate that any number of
 * decoder threads reach. Preprocess now writes face shards with stored blocks, but shards written
 * before, or by others, may be deflated. Here reading only moves bytes; {@link Block#records} hands
 * a block to Avro's own reader (positioned after the header already read) on whichever thread calls
 * it.
 *
 * <p>The container format (Avro specification, "Object Container Files"): a header (magic {@code
 * Obj\1}, a metadata map holding {@code avro.schema} and {@code avro.codec}, a 16-byte sync
 * marker), then blocks of {@code count}, {@code size}, {@code size} bytes of records, the sync
 * marker. A file that ends anywhere but right after a block's marker is refused as truncated (Avro
 * alone would take a file cut inside its last block for a shorter file), a block not followed by
 * the marker as corrupt; every error names the shard.
 */
final class ShardBlocks implements AutoCloseable {
  private static final int SYNC_SIZE = DataFileConstants.SYNC_SIZE;
  private static final int MAX_HEADER = 1 << 20;

  /** One block as it lies in the file (count, size, records, sync marker) and its file's header. */
  record Block(String shard, long index, DataFileStream.Header header, int count, byte[] bytes) {
    /** Avro's reader over this block's records: it decompresses them and checks the marker. */
    <D> DataFileReader<D> records(DatumReader<D> reader) throws IOException {
      return DataFileReader.openReader(new SeekableByteArrayInput(bytes), reader, header, false);
    }
  }

  private final String shard;
  private final BufferedInputStream in;
  private final BinaryDecoder decoder;
  private final DataFileStream.Header header;
  private final byte[] sync = new byte[SYNC_SIZE];
  private final byte[] varint = new byte[2 * 10];
  private long blocks;

  private ShardBlocks(String shard, BufferedInputStream in) throws IOException {
    this.shard = shard;
    this.in = in;
    this.decoder = DecoderFactory.get().directBinaryDecoder(in, null);
    this.header = header(in, sync);
  }

  /**
   * Parses the header (magic, metadata map, sync marker) to learn its length and marker, then lets
   * Avro build its Header object from the same bytes, leaving {@code in} at the first block.
   */
  private static DataFileStream.Header header(BufferedInputStream in, byte[] sync)
      throws IOException {
    in.mark(MAX_HEADER);
    Counting counting = new Counting(in);
    BinaryDecoder d = DecoderFactory.get().directBinaryDecoder(counting, null);
    byte[] magic = new byte[DataFileConstants.MAGIC.length];
    d.readFixed(magic);
    if (!Arrays.equals(magic, DataFileConstants.MAGIC)) {
      throw new IOException("not an Avro data file");
    }
    for (long n = d.readMapStart(); n != 0; n = d.mapNext()) {
      for (long i = 0; i < n; i++) {
        d.skipString();
        d.skipBytes();
      }
    }
    d.readFixed(sync);
    in.reset();
    byte[] bytes = in.readNBytes((int) counting.count);
    try (DataFileStream<Object> parsed =
        new DataFileStream<>(new ByteArrayInputStream(bytes), new GenericDatumReader<>())) {
      return parsed.getHeader(); // schema and codec, as Avro reads them
    }
  }

  /** Opens a shard and reads its header; a missing, empty or non-Avro file fails with its name. */
  static ShardBlocks open(String shard) throws IOException {
    BufferedInputStream in = null;
    try {
      in =
          new BufferedInputStream(
              Channels.newInputStream(
                  FileSystems.open(FileSystems.matchSingleFileSpec(shard).resourceId())),
              1 << 16);
      return new ShardBlocks(shard, in);
    } catch (IOException | RuntimeException e) {
      if (in != null) {
        in.close();
      }
      throw ShardStream.unreadable(shard, e);
    }
  }

  /** The next block, or null when the file ended cleanly after the previous one. */
  Block next() throws IOException {
    try {
      in.mark(1);
      if (in.read() < 0) {
        return null; // right after the header's or the last block's marker: a complete file
      }
      in.reset();
      long count = decoder.readLong();
      long size = decoder.readLong();
      if (count <= 0 || size < 0 || size > Integer.MAX_VALUE - varint.length - SYNC_SIZE) {
        throw new IOException(
            "block " + blocks + " declares " + count + " records, " + size + " B");
      }
      int prefix = BinaryData.encodeLong(count, varint, 0);
      prefix += BinaryData.encodeLong(size, varint, prefix);
      byte[] bytes = new byte[prefix + (int) size + SYNC_SIZE];
      System.arraycopy(varint, 0, bytes, 0, prefix);
      decoder.readFixed(bytes, prefix, (int) size + SYNC_SIZE);
      if (!Arrays.equals(bytes, bytes.length - SYNC_SIZE, bytes.length, sync, 0, SYNC_SIZE)) {
        throw new IOException("block " + blocks + " is not followed by the file's sync marker");
      }
      return new Block(shard, blocks++, header, (int) count, bytes);
    } catch (EOFException e) {
      throw new IOException(
          "training shard " + shard + " is truncated: it ends inside block " + blocks, e);
    } catch (IOException | RuntimeException e) {
      throw ShardStream.unreadable(shard, e);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Counts the bytes read through it (the header's length). */
  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      count += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      count += Math.max(n, 0);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long k = in.skip(n);
      count += k;
      return k;
    }
  }
}
