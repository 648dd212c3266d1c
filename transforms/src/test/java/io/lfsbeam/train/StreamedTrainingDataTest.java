package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming shards through the shuffle buffer, without TensorFlow. */
class StreamedTrainingDataTest {
  private static final int SIDE = 4;

  @TempDir Path dir;

  /** n 4×4 faces whose first two bytes are the face's index; label = index % 7. */
  private static InMemoryTrainingData tagged(int n) {
    SplittableRandom random = new SplittableRandom(5);
    byte[][] pixels = new byte[n][SIDE * SIDE * 3];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      random.nextBytes(pixels[i]);
      pixels[i][0] = (byte) i;
      pixels[i][1] = (byte) (i >> 8);
      labels[i] = i % 7;
    }
    return new InMemoryTrainingData(SIDE, SIDE, 7, pixels, labels);
  }

  private StreamedTrainingData stream(List<String> shards, int buffer) throws IOException {
    return stream(shards, buffer, 1);
  }

  private StreamedTrainingData stream(List<String> shards, int buffer, int decodeThreads)
      throws IOException {
    return StreamedTrainingData.builder()
        .setShards(shards)
        .optSplit(Split.TRAIN)
        .optShuffleBuffer(buffer)
        .optDecodeThreads(decodeThreads)
        .build();
  }

  /** The face indices of a whole epoch in emitted order, checking each label on the way. */
  private static int[] epochOrder(TrainingSource source, long seed, long epoch) {
    int[] order = new int[source.size()];
    byte[] px = new byte[source.imageBytes()];
    try (EpochImages images = source.epoch(seed, epoch)) {
      for (int k = 0; k < order.length; k++) {
        int label = images.next(px, 0);
        order[k] = (px[0] & 0xFF) | (px[1] & 0xFF) << 8;
        assertEquals(order[k] % 7, label, "label travels with its image");
      }
      assertThrows(
          IllegalStateException.class, () -> images.next(px, 0), "an epoch holds size() faces");
    }
    return order;
  }

  @Test
  void knowsSizeAndClassesFromTheLabelsAndSkipsOtherSplits() throws IOException {
    List<String> shards = new ArrayList<>(FaceShards.write(dir, tagged(30), 3));
    byte[] png = FaceShards.png(new byte[SIDE * SIDE * 3], SIDE, SIDE);
    String mixed = dir.resolve("train-extra.avro").toString();
    AvroFiles.write(
        mixed,
        AlignedFace.getClassSchema(),
        List.of(FaceShards.face("v1", 40, Split.VAL, png, SIDE, SIDE)));
    shards.add(mixed);
    StreamedTrainingData s = stream(shards, 8);
    assertEquals(30, s.size(), "the val record is not counted");
    assertEquals(7, s.numClasses(), "labels 0..6; the val face's label 40 is not a train class");
    assertEquals(SIDE, s.height());
    assertEquals(SIDE, s.width());
    assertEquals(8L * SIDE * SIDE * 3, s.bufferBytes());
    assertEquals(
        30,
        new HashSet<>(List.of(box(epochOrder(s, 1, 0)))).size(),
        "the val face is never emitted");
  }

  @Test
  void everyFaceOncePerEpochWhenTheBufferIsSmallerThanTheSet() throws IOException {
    StreamedTrainingData s = stream(FaceShards.write(dir, tagged(50), 3), 7);
    for (long epoch = 0; epoch < 3; epoch++) {
      Set<Integer> seen = new HashSet<>();
      for (int i : epochOrder(s, 11, epoch)) {
        assertTrue(seen.add(i), "face " + i + " came twice in epoch " + epoch);
      }
      assertEquals(50, seen.size());
    }
  }

  @Test
  void sameSeedAndEpochGiveIdenticalBatchesAnotherEpochAnotherOrder() throws IOException {
    StreamedTrainingData s = stream(FaceShards.write(dir, tagged(40), 2), 10);
    BatchAssembler batches = new BatchAssembler(s, 8, 3, true);
    for (int i = 0; i < batches.batchesPerEpoch(); i++) {
      try (EpochImages a = s.epoch(3, 2);
          EpochImages b = s.epoch(3, 2)) {
        for (int k = 0; k <= i; k++) {
          Batch x = batches.next(a, 2, k);
          Batch y = batches.next(b, 2, k);
          assertArrayEquals(x.labels(), y.labels());
          assertArrayEquals(x.pixels(), y.pixels(), 0f, "same pixels and same flips");
        }
      }
    }
    assertArrayEquals(epochOrder(s, 3, 2), epochOrder(s, 3, 2));
    assertFalse(Arrays.equals(epochOrder(s, 3, 2), epochOrder(s, 3, 3)), "each epoch reshuffles");
    assertFalse(Arrays.equals(epochOrder(s, 3, 2), epochOrder(s, 4, 2)), "each seed reshuffles");
  }

  @Test
  void anyNumberOfDecodeThreadsGivesTheSameBatches() throws IOException {
    List<String> shards = FaceShards.writeOneFacePerBlock(dir, tagged(300), 3);
    StreamedTrainingData one = stream(shards, 16, 1);
    BatchAssembler batches = new BatchAssembler(one, 16, 7, true);
    for (int threads : new int[] {2, 4}) {
      StreamedTrainingData many = stream(shards, 16, threads);
      assertEquals(threads, many.decodeThreads());
      for (long epoch = 0; epoch < 2; epoch++) {
        try (EpochImages a = one.epoch(5, epoch);
            EpochImages b = many.epoch(5, epoch)) {
          for (int i = 0; i < batches.batchesPerEpoch(); i++) {
            Batch x = batches.next(a, epoch, i);
            Batch y = batches.next(b, epoch, i);
            assertArrayEquals(x.labels(), y.labels(), threads + " threads, batch " + i);
            assertArrayEquals(x.pixels(), y.pixels(), 0f, threads + " threads, batch " + i);
          }
        }
      }
    }
  }

  @Test
  void theOrderIsAShuffleBufferOverTheShardsInAnOrderDrawnFromSeedAndEpoch() throws IOException {
    // the order before decoding went parallel, restated: Fisher-Yates over the shards, then
    // tf.data's shuffle(K) over their records, all from one SplittableRandom(seed·1000003 + epoch)
    int n = 90;
    int shardCount = 3;
    int k = 8;
    // shards as AvroFiles writes them (deflate, one block per shard here) and one face per block
    List<String> fewBlocks =
        FaceShards.write(Files.createDirectories(dir.resolve("a")), tagged(n), 3);
    List<String> manyBlocks =
        FaceShards.writeOneFacePerBlock(Files.createDirectories(dir.resolve("b")), tagged(n), 3);
    for (int threads : new int[] {1, 2, 4}) {
      for (List<String> shards : List.of(fewBlocks, manyBlocks)) {
        StreamedTrainingData s = stream(shards, k, threads);
        for (long epoch = 0; epoch < 3; epoch++) {
          SplittableRandom random = new SplittableRandom(7 * 1_000_003L + epoch);
          List<Integer> shardOrder = new ArrayList<>(List.of(0, 1, 2));
          for (int i = shardOrder.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            shardOrder.set(i, shardOrder.set(j, shardOrder.get(i)));
          }
          List<Integer> read = new ArrayList<>();
          for (int shard : shardOrder) {
            for (int face = shard; face < n; face += shardCount) {
              read.add(face);
            }
          }
          List<Integer> buffer = new ArrayList<>(read.subList(0, k));
          int next = k;
          int[] expected = new int[n];
          for (int q = 0; q < n; q++) {
            int j = random.nextInt(buffer.size());
            expected[q] = buffer.get(j);
            if (next < n) {
              buffer.set(j, read.get(next++));
            } else {
              buffer.set(j, buffer.get(buffer.size() - 1));
              buffer.remove(buffer.size() - 1);
            }
          }
          assertArrayEquals(
              expected, epochOrder(s, 7, epoch), threads + " threads, epoch " + epoch);
        }
      }
    }
  }

  @Test
  void aBufferOfOneKeepsTheFileOrderOfEachShard() throws IOException {
    int shardCount = 3;
    StreamedTrainingData s = stream(FaceShards.write(dir, tagged(30), shardCount), 1);
    Set<String> shardOrders = new HashSet<>();
    for (long epoch = 0; epoch < 8; epoch++) {
      int[] order = epochOrder(s, 1, epoch);
      // three runs of ten: shard r holds r, r + 3, r + 6, … in that order
      StringBuilder shardOrder = new StringBuilder();
      for (int run = 0; run < shardCount; run++) {
        int shard = order[run * 10] % shardCount;
        shardOrder.append(shard);
        for (int k = 0; k < 10; k++) {
          assertEquals(
              shard + k * shardCount,
              order[run * 10 + k],
              "epoch " + epoch + ": no shuffling within a shard");
        }
      }
      shardOrders.add(shardOrder.toString());
    }
    assertTrue(shardOrders.size() > 1, "the shard order changes between epochs: " + shardOrders);
  }

  @Test
  void aFaceComesOutAtMostKPlacesEarlyAndAFullBufferShufflesFully() throws IOException {
    int n = 20;
    List<String> oneShard = FaceShards.write(dir, tagged(n), 1);
    int k = 5;
    StreamedTrainingData small = stream(oneShard, k);
    StreamedTrainingData full = stream(oneShard, n);
    Set<Integer> firstSmall = new HashSet<>();
    Set<Integer> firstFull = new HashSet<>();
    int[] lastFull = new int[n];
    for (long epoch = 0; epoch < 300; epoch++) {
      int[] order = epochOrder(small, 9, epoch);
      for (int q = 0; q < n; q++) {
        // after q emissions the buffer has seen the first q + K faces of the file
        assertTrue(
            order[q] <= q + k - 1, "face " + order[q] + " emitted at " + q + " with K = " + k);
      }
      firstSmall.add(order[0]);
      int[] shuffled = epochOrder(full, 9, epoch);
      firstFull.add(shuffled[0]);
      lastFull[shuffled[n - 1]]++;
    }
    assertEquals(k, firstSmall.size(), "the first face is one of the first K, each possible");
    assertEquals(n, firstFull.size(), "with K ≥ size any face can come first");
    for (int i = 0; i < n; i++) {
      assertTrue(
          lastFull[i] > 2,
          "any face can come last, roughly uniformly: face " + i + " " + lastFull[i] + "/300");
    }
  }

  @Test
  void aTruncatedShardIsRefusedWithItsName() throws IOException {
    List<String> shards = FaceShards.write(dir, tagged(60), 2);
    Path cut = Path.of(shards.get(1));
    byte[] bytes = Files.readAllBytes(cut);
    // Avro alone reads a file cut inside its last block as a shorter file; each cut must be refused
    for (int length :
        new int[] {bytes.length / 3, bytes.length / 2, bytes.length * 2 / 3, bytes.length - 1}) {
      Files.write(cut, Arrays.copyOf(bytes, length));
      IOException e = assertThrows(IOException.class, () -> stream(shards, 4), "cut at " + length);
      assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
    }
    Files.write(cut, bytes);
    assertEquals(60, stream(shards, 4).size(), "the whole file reads");

    Files.write(cut, new byte[] {1, 2, 3});
    IOException e = assertThrows(IOException.class, () -> stream(shards, 4));
    assertTrue(e.getMessage().contains(cut.toString()), "not an Avro file: " + e.getMessage());
  }

  @Test
  void aShardThatBreaksAfterOpeningFailsTheEpochWithItsName() throws IOException {
    List<String> shards = FaceShards.write(dir, tagged(60), 2);
    StreamedTrainingData s = stream(shards, 4);
    Path cut = Path.of(shards.get(0));
    byte[] bytes = Files.readAllBytes(cut);
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> epochOrder(s, 1, 0));
    assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
  }

  @Test
  void anUndecodableImageNamesItsShardAndFace() throws IOException {
    String shard = dir.resolve("train-00000-of-00001.avro").toString();
    byte[] good = FaceShards.png(new byte[SIDE * SIDE * 3], SIDE, SIDE);
    AvroFiles.write(
        shard,
        AlignedFace.getClassSchema(),
        List.of(
            FaceShards.face("a", 0, Split.TRAIN, good, SIDE, SIDE),
            FaceShards.face("b", 1, Split.TRAIN, new byte[] {9, 9, 9}, SIDE, SIDE)));
    StreamedTrainingData s = stream(List.of(shard), 2);
    assertEquals(2, s.size(), "the label pass does not decode images");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> epochOrder(s, 1, 0));
    assertTrue(e.getMessage().contains(shard) && e.getMessage().contains("face b"), e.getMessage());
  }

  @Test
  void refusesAnEmptyBufferAndNoFaces() throws IOException {
    List<String> shards = FaceShards.write(dir, tagged(5), 1);
    assertThrows(IllegalArgumentException.class, () -> stream(shards, 0));
    assertThrows(IllegalArgumentException.class, () -> stream(shards, 4, 0));
    String empty = dir.resolve("train-empty.avro").toString();
    AvroFiles.write(empty, AlignedFace.getClassSchema(), List.<AlignedFace>of());
    IOException e = assertThrows(IOException.class, () -> stream(List.of(empty), 4));
    assertTrue(e.getMessage().contains("no train faces"), e.getMessage());
  }

  private static Integer[] box(int[] a) {
    return Arrays.stream(a).boxed().toArray(Integer[]::new);
  }
}
