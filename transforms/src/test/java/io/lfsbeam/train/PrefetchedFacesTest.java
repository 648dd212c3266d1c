package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lfsbeam.schemas.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void decodesEveryFaceInTheReadersOrder() throws IOException {
    InMemoryTrainingData data = random(50);
    List<String> shards = FaceShards.write(dir, data, 3);
    byte[] expected = new byte[data.imageBytes()];
    try (FaceShardReader reader = new FaceShardReader(shards, Split.TRAIN);
        PrefetchedFaces faces =
            new PrefetchedFaces(shards, Split.TRAIN, 6, 6, 4)) { // ahead < set: it waits
      for (int i = 0; i < data.size(); i++) {
        var record = reader.next();
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
  void closingMidwayStopsTheDecoderThread() throws Exception {
    List<String> shards = FaceShards.write(dir, random(200), 2);
    PrefetchedFaces faces = new PrefetchedFaces(shards, Split.TRAIN, 6, 6, 2);
    faces.next();
    faces.close();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      assertFalse(
          t.getName().equals("lfs-face-decoder") && t.isAlive(), "decoder thread still running");
    }
  }
}
