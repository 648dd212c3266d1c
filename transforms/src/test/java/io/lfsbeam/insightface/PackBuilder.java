package io.lfsbeam.insightface;

import io.lfsbeam.image.PngEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds packs by hand for tests, records and .idx lines one by one, so they can be damaged in ways
 * no correct writer produces: offsets that point nowhere, overwritten magic, bad lines, a truncated
 * end.
 */
public final class PackBuilder {
  private final ByteArrayOutputStream rec = new ByteArrayOutputStream();
  private final RecordIoWriter writer = new RecordIoWriter(rec, 0);
  private final List<String> idx = new ArrayList<>();

  /** Appends a record and its .idx line; returns its byte offset. */
  public long record(long key, byte[] payload) throws IOException {
    long offset = writer.write(payload);
    idx.add(key + "\t" + offset);
    return offset;
  }

  /** Appends a record with no .idx line (for a line added by hand). */
  public long unindexed(byte[] payload) throws IOException {
    return writer.write(payload);
  }

  /** Adds an .idx line as given. */
  public PackBuilder line(String line) {
    idx.add(line);
    return this;
  }

  public long size() {
    return rec.size();
  }

  /** Writes train.rec (its first {@code recBytes} bytes; -1 for all), train.idx, property. */
  public Path write(Path dir, long recBytes, String property) throws IOException {
    Files.createDirectories(dir);
    byte[] bytes = rec.toByteArray();
    Files.write(
        dir.resolve(RecordIoFile.REC), recBytes < 0 ? bytes : Arrays.copyOf(bytes, (int) recBytes));
    Files.writeString(dir.resolve(RecordIoFile.IDX), String.join("\n", idx) + "\n");
    if (property != null) {
      Files.writeString(dir.resolve(RecordIoFile.PROPERTY), property);
    }
    return dir;
  }

  /** Overwrites the magic of the record at {@code offset} in a written .rec. */
  public static void breakMagic(Path dir, long offset) throws IOException {
    Path rec = dir.resolve(RecordIoFile.REC);
    byte[] bytes = Files.readAllBytes(rec);
    bytes[(int) offset] ^= 0x55;
    Files.write(rec, bytes);
  }

  /** A face payload: flag 0, the class as label. */
  public static byte[] face(float label, long id, byte[] image) {
    ByteBuffer b = ByteBuffer.allocate(24 + image.length).order(ByteOrder.LITTLE_ENDIAN);
    return b.putInt(0).putFloat(label).putLong(id).putLong(0).put(image).array();
  }

  /** A random-noise PNG of the given size, the same for a seed. */
  public static byte[] png(int width, int height, long seed) {
    byte[] rgb = new byte[width * height * 3];
    new SplittableRandom(seed).nextBytes(rgb);
    return PngEncoder.encode(rgb, width, height);
  }
}
