package io.lfsbeam.train.checkpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Reads and writes {@link Checkpoint}s through Beam's {@link FileSystems}, so a local path and any
 * registered scheme (gs://, s3://, hdfs://...) work alike.
 *
 * <p>Format (big-endian header, little-endian floats): magic {@code LFSCKPT1}; step; metadata count
 * and UTF key/value pairs; tensor count, and per tensor its UTF name, rank, dimensions and float
 * values; then the SHA-256 of every preceding byte. Reading verifies the checksum and rejects a
 * damaged or truncated file with an {@link IOException} that says so.
 *
 * <p>Writing is atomic: the bytes go to a hidden temporary name beside the target, which is then
 * renamed over it, so a reader never sees half a checkpoint.
 */
public final class CheckpointIO {
  private static final byte[] MAGIC = "LFSCKPT1".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_RANK = 8;
  private static final int CHUNK = 1 << 14;

  private CheckpointIO() {}

  public static void write(Checkpoint checkpoint, String uri) throws IOException {
    ResourceId target = FileSystems.matchNewResource(uri, false);
    String tmpName = "." + target.getFilename() + ".tmp-" + UUID.randomUUID();
    ResourceId tmp =
        target
            .getCurrentDirectory()
            .resolve(tmpName, ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
    MessageDigest sha = sha256();
    try (OutputStream raw = Channels.newOutputStream(FileSystems.create(tmp, MimeTypes.BINARY))) {
      BufferedOutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
      DataOutputStream out = new DataOutputStream(new DigestOutputStream(buffered, sha));
      out.write(MAGIC);
      out.writeLong(checkpoint.step());
      out.writeInt(checkpoint.metadata().size());
      for (Map.Entry<String, String> e : checkpoint.metadata().entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
      out.writeInt(checkpoint.tensors().size());
      ByteBuffer chunk = ByteBuffer.allocate(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (Map.Entry<String, Checkpoint.Tensor> e : checkpoint.tensors().entrySet()) {
        long[] shape = e.getValue().shape();
        out.writeUTF(e.getKey());
        out.writeInt(shape.length);
        for (long d : shape) {
          out.writeLong(d);
        }
        float[] v = e.getValue().values();
        for (int i = 0; i < v.length; i += CHUNK) {
          int n = Math.min(CHUNK, v.length - i);
          chunk.clear();
          chunk.asFloatBuffer().put(v, i, n);
          out.write(chunk.array(), 0, n * 4);
        }
      }
      out.flush();
      buffered.write(sha.digest());
      buffered.flush();
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
    FileSystems.rename(
        List.of(tmp), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  public static Checkpoint read(String uri) throws IOException {
    ResourceId resource = FileSystems.matchSingleFileSpec(uri).resourceId();
    MessageDigest sha = sha256();
    try (InputStream raw =
        new BufferedInputStream(Channels.newInputStream(FileSystems.open(resource)), 1 << 16)) {
      DigestInputStream digesting = new DigestInputStream(raw, sha);
      DataInputStream in = new DataInputStream(digesting);
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException("not an lfs-beam checkpoint (bad magic): " + uri);
      }
      long step = in.readLong();
      int metaCount = checkCount(in.readInt(), "metadata entries", uri);
      Map<String, String> metadata = new LinkedHashMap<>();
      for (int i = 0; i < metaCount; i++) {
        metadata.put(in.readUTF(), in.readUTF());
      }
      int tensorCount = checkCount(in.readInt(), "tensors", uri);
      Map<String, Checkpoint.Tensor> tensors = new LinkedHashMap<>();
      byte[] chunk = new byte[CHUNK * 4];
      for (int t = 0; t < tensorCount; t++) {
        String name = in.readUTF();
        int rank = in.readInt();
        if (rank < 0 || rank > MAX_RANK) {
          throw damaged(uri, "rank " + rank + " of tensor " + name, null);
        }
        long[] shape = new long[rank];
        long count = 1;
        for (int d = 0; d < rank; d++) {
          shape[d] = in.readLong();
          if (shape[d] < 0 || (shape[d] > 0 && count > Integer.MAX_VALUE / shape[d])) {
            throw damaged(uri, "shape " + Arrays.toString(shape) + " of tensor " + name, null);
          }
          count *= shape[d];
        }
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i += CHUNK) {
          int n = Math.min(CHUNK, values.length - i);
          in.readFully(chunk, 0, n * 4);
          ByteBuffer.wrap(chunk, 0, n * 4)
              .order(ByteOrder.LITTLE_ENDIAN)
              .asFloatBuffer()
              .get(values, i, n);
        }
        tensors.put(name, new Checkpoint.Tensor(shape, values));
      }
      digesting.on(false);
      byte[] expected = sha.digest();
      byte[] stored = new byte[expected.length];
      in.readFully(stored);
      if (!MessageDigest.isEqual(expected, stored)) {
        throw damaged(uri, "SHA-256 mismatch", null);
      }
      if (in.read() != -1) {
        throw damaged(uri, "trailing bytes after the checksum", null);
      }
      return new Checkpoint(step, metadata, tensors);
    } catch (EOFException e) {
      throw damaged(uri, "file is truncated", e);
    } catch (UTFDataFormatException e) {
      throw damaged(uri, "unreadable name", e);
    }
  }

  private static int checkCount(int n, String what, String uri) throws IOException {
    if (n < 0 || n > 1_000_000) {
      throw damaged(uri, n + " " + what, null);
    }
    return n;
  }

  private static IOException damaged(String uri, String detail, Throwable cause) {
    return new IOException("checkpoint " + uri + " is damaged: " + detail, cause);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static void deleteQuietly(ResourceId resource) {
    try {
      FileSystems.delete(List.of(resource), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException ignored) {
      // the temporary file is hidden and harmless; the original error matters more
    }
  }
}
