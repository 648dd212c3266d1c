package io.lfsbeam.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Decoded training images in one file, for handing a training set to a child process without
 * re-decoding PNGs: magic {@code LFSFACE1}, count, height, width, classes, the labels, then the RGB
 * bytes of every image. Read and written through Beam's {@link FileSystems} (written atomically).
 */
public final class FaceArrayFile {
  private static final byte[] MAGIC = "LFSFACE1".getBytes(StandardCharsets.US_ASCII);

  private FaceArrayFile() {}

  public static void write(TrainingData data, String uri) throws IOException {
    ResourceId target = FileSystems.matchNewResource(uri, false);
    ResourceId tmp =
        target
            .getCurrentDirectory()
            .resolve(
                "." + target.getFilename() + ".tmp-" + UUID.randomUUID(),
                ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
    try (DataOutputStream out =
        new DataOutputStream(
            new BufferedOutputStream(
                Channels.newOutputStream(FileSystems.create(tmp, MimeTypes.BINARY)), 1 << 16))) {
      out.write(MAGIC);
      out.writeInt(data.size());
      out.writeInt(data.height());
      out.writeInt(data.width());
      out.writeInt(data.numClasses());
      for (int i = 0; i < data.size(); i++) {
        out.writeInt(data.label(i));
      }
      byte[] img = new byte[data.imageBytes()];
      for (int i = 0; i < data.size(); i++) {
        data.copyPixels(i, img, 0);
        out.write(img);
      }
    }
    FileSystems.rename(List.of(tmp), List.of(target));
  }

  public static InMemoryTrainingData read(String uri) throws IOException {
    ResourceId resource = FileSystems.matchSingleFileSpec(uri).resourceId();
    try (DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(
                Channels.newInputStream(FileSystems.open(resource)), 1 << 16))) {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException("not a face array file: " + uri);
      }
      int n = in.readInt();
      int h = in.readInt();
      int w = in.readInt();
      int classes = in.readInt();
      if (n < 0 || h <= 0 || w <= 0 || classes <= 0 || (long) h * w * 3 > Integer.MAX_VALUE) {
        throw new IOException("face array file " + uri + " has a bad header");
      }
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = in.readInt();
      }
      byte[][] pixels = new byte[n][h * w * 3];
      for (int i = 0; i < n; i++) {
        in.readFully(pixels[i]);
      }
      return new InMemoryTrainingData(h, w, classes, pixels, labels);
    } catch (EOFException e) {
      throw new IOException("face array file " + uri + " is truncated", e);
    }
  }
}
