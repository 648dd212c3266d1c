package io.lfsbeam.insightface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RecordIO framing: continuation parts where a payload holds the magic, padding, damage. */
class RecordIoFramingTest {
  @TempDir Path tmp;

  private static final byte[] MAGIC = le(RecordIoFile.MAGIC);

  private static byte[] le(int... words) {
    ByteBuffer b = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int w : words) {
      b.putInt(w);
    }
    return b.array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private Path file(byte[] bytes) throws IOException {
    Path p = tmp.resolve("f" + System.nanoTime() + ".rec");
    Files.write(p, bytes);
    return p;
  }

  private static byte[] written(byte[]... payloads) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RecordIoWriter w = new RecordIoWriter(out, 0)) {
      for (byte[] p : payloads) {
        w.write(p);
      }
    }
    return out.toByteArray();
  }

  /**
   * A file built by hand the way dmlc-core splits a record (aligned magic dropped, first/last
   * parts, each padded), read back whole, and the writer producing exactly these bytes.
   */
  @Test
  void joinsARecordSplitWhereItsPayloadHeldTheMagic() throws IOException {
    byte[] a = {1, 2, 3, 4, 5, 6, 7, 8};
    byte[] b = {9, 10, 11, 12, 13};
    byte[] payload = concat(a, MAGIC, b);
    byte[] byHand =
        concat(
            le(RecordIoFile.MAGIC, (1 << 29) | 8),
            a,
            le(RecordIoFile.MAGIC, (3 << 29) | 5),
            b,
            new byte[3]);
    assertArrayEquals(byHand, written(payload), "the writer splits as dmlc-core does");
    try (RecordIoReader r = RecordIoReader.open(file(byHand))) {
      assertArrayEquals(payload, r.read(0));
      assertEquals(byHand.length, r.nextOffset());
    }
  }

  @Test
  void splitsAtEveryAlignedMagicIncludingLeadingTrailingAndAdjacentOnes() throws IOException {
    SplittableRandom random = new SplittableRandom(5);
    byte[] noise = new byte[37];
    random.nextBytes(noise);
    // magic at 0, twice in a row, at the very end (aligned), and once unaligned (no split)
    byte[] payload =
        concat(MAGIC, new byte[] {1, 2, 3, 4}, MAGIC, MAGIC, noise, new byte[3], MAGIC);
    byte[] unaligned = concat(new byte[] {7}, MAGIC, new byte[] {8, 9, 10});
    byte[] plain = {42};
    byte[] bytes = written(payload, unaligned, plain, new byte[0]);
    List<Integer> flags = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int pos = 0; pos < bytes.length; ) {
      assertEquals(RecordIoFile.MAGIC, b.getInt(pos), "a part starts at " + pos);
      int lrec = b.getInt(pos + 4);
      flags.add(RecordIoFile.flag(lrec));
      pos += 8 + (int) RecordIoFile.padded(RecordIoFile.length(lrec));
    }
    // payload: first (empty), middle, middle (empty), middle (noise), last (empty); then 3 whole
    assertEquals(List.of(1, 2, 2, 2, 3, 0, 0, 0), flags);
    assertEquals(
        bytes.length,
        RecordIoWriter.encodedLength(payload)
            + RecordIoWriter.encodedLength(unaligned)
            + RecordIoWriter.encodedLength(plain)
            + RecordIoWriter.encodedLength(new byte[0]));
    try (RecordIoReader r = RecordIoReader.open(file(bytes))) {
      assertArrayEquals(payload, r.read(0));
      long next = r.nextOffset();
      assertArrayEquals(unaligned, r.read(next));
      assertArrayEquals(plain, r.read(r.nextOffset()));
      assertArrayEquals(new byte[0], r.read(r.nextOffset()));
      assertEquals(bytes.length, r.nextOffset());
      // and again out of order: the buffer must not serve stale bytes
      assertArrayEquals(unaligned, r.read(next));
      assertArrayEquals(payload, r.read(0));
    }
  }

  @Test
  void readsRecordsLargerThanItsBuffer() throws IOException {
    byte[] big = new byte[700_001];
    new SplittableRandom(1).nextBytes(big);
    for (int i = 4096; i < big.length - 4; i += 100_000) {
      System.arraycopy(MAGIC, 0, big, i, 4);
    }
    byte[] bytes = written(new byte[] {1, 2}, big, new byte[] {3});
    try (RecordIoReader r = RecordIoReader.open(file(bytes))) {
      assertArrayEquals(new byte[] {1, 2}, r.read(0));
      long at = r.nextOffset();
      assertArrayEquals(big, r.read(at));
      assertArrayEquals(new byte[] {3}, r.read(r.nextOffset()));
    }
  }

  @Test
  void namesWhatIsWrongWithADamagedRecordAndItsByteOffset() throws IOException {
    byte[] good = written(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, new byte[] {9});
    try (RecordIoReader r = RecordIoReader.open(file(good))) {
      PackRecordException e = assertThrows(PackRecordException.class, () -> r.read(4));
      assertEquals(PackFailure.BAD_MAGIC, e.failure());
      assertTrue(e.getMessage().contains("byte offset 4"), e.getMessage());
      e = assertThrows(PackRecordException.class, () -> r.read(good.length));
      assertEquals(PackFailure.OFFSET_OUTSIDE_FILE, e.failure());
      assertArrayEquals(new byte[] {9}, r.read(16), "still usable after a bad offset");
    }
    byte[] truncated = Arrays.copyOf(good, good.length - 4); // into the last payload
    try (RecordIoReader r = RecordIoReader.open(file(truncated))) {
      PackRecordException e = assertThrows(PackRecordException.class, () -> r.read(16));
      assertEquals(PackFailure.TRUNCATED, e.failure());
      assertTrue(e.getMessage().contains("byte offset 16"), e.getMessage());
    }
    byte[] cutHeader = Arrays.copyOf(good, 20);
    try (RecordIoReader r = RecordIoReader.open(file(cutHeader))) {
      assertEquals(
          PackFailure.TRUNCATED,
          assertThrows(PackRecordException.class, () -> r.read(16)).failure());
    }
    // a record that starts with a last part, and a first part followed by a whole record
    byte[] orphan = concat(le(RecordIoFile.MAGIC, (3 << 29) | 4), new byte[4]);
    byte[] unfinished =
        concat(
            le(RecordIoFile.MAGIC, (1 << 29) | 4),
            new byte[4],
            le(RecordIoFile.MAGIC, 4),
            new byte[4]);
    for (byte[] bytes : new byte[][] {orphan, unfinished}) {
      try (RecordIoReader r = RecordIoReader.open(file(bytes))) {
        assertEquals(
            PackFailure.BAD_CONTINUATION,
            assertThrows(PackRecordException.class, () -> r.read(0)).failure());
      }
    }
  }
}
