package io.lfsbeam.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SortedAvroWriterTest {
  @TempDir Path tmp;

  /** Records in a scrambled order, with messages of random length so blocks fill unevenly. */
  private static List<DeadLetter> scrambled(int n) {
    SplittableRandom r = new SplittableRandom(5);
    List<DeadLetter> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          DeadLetter.newBuilder()
              .setSource(String.format("id_%05d/%04d.png", r.nextInt(100_000), i))
              .setStage("align")
              .setReason("R" + (i % 7))
              .setMessage("x".repeat(r.nextInt(400)))
              .setRecordId(null)
              .build());
    }
    return out;
  }

  /** (source, Avro bytes) per record, as {@link WriteSortedAvro} hands them to the writer. */
  private static List<KV<String, byte[]>> encoded(List<DeadLetter> records) {
    SortedAvroWriter.Encoder<DeadLetter> encoder =
        new SortedAvroWriter.Encoder<>(DeadLetter.getClassSchema());
    List<KV<String, byte[]>> out = new ArrayList<>();
    for (DeadLetter d : records) {
      out.add(KV.of(d.getSource(), encoder.encode(d)));
    }
    return out;
  }

  /** The same file name in another folder: same sync marker, so equal records mean equal bytes. */
  private Path file(String folder) throws Exception {
    Files.createDirectories(tmp.resolve(folder));
    return tmp.resolve(folder).resolve("shard.avro");
  }

  @Test
  void writesTheBytesOfTheSortedRecordsWhetherInMemoryOrSpilled() throws Exception {
    List<DeadLetter> records = scrambled(3000);
    List<DeadLetter> sorted = new ArrayList<>(records);
    sorted.sort(Comparator.comparing(DeadLetter::getSource));
    Path expected = file("expected");
    Path inMemory = file("memory");
    Path spilled = file("spilled");
    AvroFiles.write(expected.toString(), DeadLetter.getClassSchema(), sorted);

    SortedAvroWriter.Written m =
        SortedAvroWriter.writeEncoded(
            inMemory.toString(),
            DeadLetter.getClassSchema(),
            AvroFiles.Blocks.DEFLATE,
            encoded(records),
            1L << 30);
    SortedAvroWriter.Written s =
        SortedAvroWriter.writeEncoded(
            spilled.toString(),
            DeadLetter.getClassSchema(),
            AvroFiles.Blocks.DEFLATE,
            encoded(records),
            10_000);

    assertFalse(m.spilled());
    assertTrue(s.spilled(), "a 10 kB budget spills 3000 records");
    assertEquals(3000, s.records());
    assertEquals(sorted, AvroFiles.read(spilled.toString(), DeadLetter.class));
    assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(inMemory));
    assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(spilled));
  }

  /**
   * Stored blocks (face shards) hold the same records in the same order as deflated ones, the file
   * says so in its header ({@code avro.codec = null}), and it is larger for compressible records.
   */
  @Test
  void storedBlocksHoldTheSameSortedRecords() throws Exception {
    List<DeadLetter> records = scrambled(500);
    Path deflated = file("deflated");
    Path stored = file("stored");
    for (Path p : List.of(deflated, stored)) {
      SortedAvroWriter.writeEncoded(
          p.toString(),
          DeadLetter.getClassSchema(),
          p == stored ? AvroFiles.Blocks.STORED : AvroFiles.Blocks.DEFLATE,
          encoded(records),
          1_000);
    }
    assertEquals(
        AvroFiles.read(deflated.toString(), DeadLetter.class),
        AvroFiles.read(stored.toString(), DeadLetter.class));
    try (DataFileReader<DeadLetter> r =
        new DataFileReader<>(stored.toFile(), new SpecificDatumReader<>(DeadLetter.class))) {
      assertEquals("null", r.getMetaString("avro.codec"));
    }
    assertTrue(Files.size(stored) > Files.size(deflated));
  }

  @Test
  void writesAnEmptyFileForNoRecords() throws Exception {
    Path empty = file("empty");
    SortedAvroWriter.writeEncoded(
        empty.toString(),
        DeadLetter.getClassSchema(),
        AvroFiles.Blocks.DEFLATE,
        List.of(),
        SortedAvroWriter.DEFAULT_MEMORY_BUDGET);
    assertEquals(List.of(), AvroFiles.read(empty.toString(), DeadLetter.class));
  }

  /**
   * A spill writes a record in slices of at most 1 MB, so no write needs a direct buffer larger
   * than that (a TaskManager's direct memory is capped), and the bytes arrive whole.
   */
  @Test
  void spillsTheMemoryPartInSlicesOfAtMostOneMegabyte() throws Exception {
    byte[] data = new byte[(7 << 19) + 123]; // 3.5 MB and a bit
    new Random(5).nextBytes(data);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    int[] largest = {0};
    OutputStream out =
        new OutputStream() {
          @Override
          public void write(int b) {
            received.write(b);
            largest[0] = Math.max(largest[0], 1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            received.write(b, off, len);
            largest[0] = Math.max(largest[0], len);
          }
        };
    SortedAvroWriter.writeInSlices(data, out);
    assertArrayEquals(data, received.toByteArray());
    assertEquals(1 << 20, largest[0]);
  }
}
