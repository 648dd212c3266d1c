package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrefetchedFacesTest {
  @TempDir Path dir;

  private static InMemoryTrainingData random(int n) {
    SplittableRandom r = new SplittableRandom(8);
    byte[][] px = new byte[n][6 * 6 * 3];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      r.nextBytes(px[i]);
      labels[i] = i % 5;
    }
    return new InMemoryTrainingData(6, 6, 5, px, labels);
  }

  @ParameterizedTest(name = "{0} decode threads")
  @ValueSource(ints = {1, 2, 4})
  void decodesEveryFaceInTheFilesOrder(int threads) throws IOException {
    InMemoryTrainingData data = random(50);
    List<String> shards = FaceShards.writeOneFacePerBlock(dir, data, 3);
    byte[] expected = new byte[data.imageBytes()];
    List<AlignedFace> files = new ArrayList<>(); // the records in file order, shard after shard
    for (String shard : shards) {
      files.addAll(AvroFiles.read(shard, AlignedFace.class));
    }
    try (PrefetchedFaces faces =
        new PrefetchedFaces(shards, Split.TRAIN, 6, 6, 4, threads)) { // ahead < set: it waits
      for (int i = 0; i < data.size(); i++) {
        AlignedFace record = files.get(i);
        int index = Integer.parseInt(record.getId().substring(1));
        data.copyPixels(index, expected, 0);
        PrefetchedFaces.Face face = faces.next();
        assertArrayEquals(expected, face.pixels(), "face " + i);
        assertEquals(record.getLabel(), face.label());
      }
      assertNull(faces.next());
      assertNull(faces.next(), "stays at the end");
    }
  }

  @Test
  void aDecodeErrorArrivesAtItsPositionWhicheverThreadHitIt() throws IOException {
    InMemoryTrainingData data = random(40);
    List<AlignedFace> records = new ArrayList<>();
    byte[] px = new byte[data.imageBytes()];
    for (int i = 0; i < data.size(); i++) {
      data.copyPixels(i, px, 0);
      byte[] png = i == 23 ? new byte[] {1, 2, 3} : FaceShards.png(px, 6, 6);
      records.add(FaceShards.face("f" + i, data.label(i), Split.TRAIN, png, 6, 6));
    }
    String shard = dir.resolve("train-00000-of-00001.avro").toString();
    AvroFiles.write(shard, AlignedFace.getClassSchema(), records);
    for (int threads : new int[] {1, 3}) {
      try (PrefetchedFaces faces =
          new PrefetchedFaces(List.of(shard), Split.TRAIN, 6, 6, 64, threads)) {
        for (int i = 0; i < 23; i++) {
          assertEquals(data.label(i), faces.next().label(), "face " + i);
        }
        UncheckedIOException e = assertThrows(UncheckedIOException.class, faces::next);
        assertTrue(e.getMessage().contains("face f23 in training shard " + shard), e.getMessage());
        assertNull(faces.next(), "nothing after the error");
      }
    }
  }

  @Test
  void closingMidwayStopsEveryDecoderThread() throws Exception {
    List<String> shards = FaceShards.writeOneFacePerBlock(dir, random(200), 2);
    PrefetchedFaces faces = new PrefetchedFaces(shards, Split.TRAIN, 6, 6, 2, 3);
    faces.next();
    faces.close();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      assertFalse(
          t.getName().startsWith(PrefetchedFaces.DECODER_THREAD) && t.isAlive(),
          t.getName() + " still running");
    }
  }

  @Test
  void theSplitFilterAndAnEmptyShardKeepTheOrder() throws IOException {
    InMemoryTrainingData data = random(30);
    List<String> shards = new ArrayList<>(FaceShards.writeOneFacePerBlock(dir, data, 2));
    String val = dir.resolve("val.avro").toString();
    byte[] px = new byte[data.imageBytes()];
    List<AlignedFace> others = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      data.copyPixels(i, px, 0);
      others.add(FaceShards.face("v" + i, 9, Split.VAL, FaceShards.png(px, 6, 6), 6, 6));
    }
    AvroFiles.write(val, AlignedFace.getClassSchema(), others);
    String empty = dir.resolve("empty.avro").toString();
    AvroFiles.write(empty, AlignedFace.getClassSchema(), List.<AlignedFace>of());
    List<String> order = List.of(val, shards.get(0), empty, shards.get(1));
    try (PrefetchedFaces faces = new PrefetchedFaces(order, Split.TRAIN, 6, 6, 8, 3)) {
      // shard 0 holds faces 0, 2, 4, ...; shard 1 faces 1, 3, 5, ...
      byte[] expected = new byte[data.imageBytes()];
      for (int shard = 0; shard < 2; shard++) {
        for (int i = shard; i < data.size(); i += 2) {
          data.copyPixels(i, expected, 0);
          assertArrayEquals(expected, faces.next().pixels(), "face " + i);
        }
      }
      assertNull(faces.next(), "the val faces are skipped");
    }
  }
}
