package io.lfsbeam.insightface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.SourceTestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pack source splits by .idx byte ranges without losing or repeating a record. */
class RecordIoSourceTest {
  @TempDir Path tmp;
  private final PipelineOptions options = PipelineOptionsFactory.create();

  private Path smallPack(int classes, int perClass) throws IOException {
    Path dir = tmp.resolve("pack");
    SplittableRandom random = new SplittableRandom(4);
    try (FacePackWriter w = FacePackWriter.create(dir, 112, 112)) {
      for (int c = 0; c < classes; c++) {
        for (int i = 0; i < perClass; i++) {
          byte[] image = new byte[20 + random.nextInt(200)];
          random.nextBytes(image);
          w.add(c, image);
        }
      }
    }
    return dir;
  }

  @Test
  void everySplitTogetherReadsTheFacesOfTheWholePackOnce() throws Exception {
    Path dir = smallPack(6, 7);
    RecordIoSource source = RecordIoSource.of(dir.toString());
    List<PackRecord> all = SourceTestUtils.readFromSource(source, options);
    assertEquals(42, all.size());
    List<Long> keys = all.stream().map(PackRecord::key).toList();
    assertEquals(new TreeSet<>(keys).size(), 42);
    assertEquals(1L, keys.get(0));
    assertEquals(42L, keys.get(41));
    for (long bundle : new long[] {1, 7, 64, 300, 1 << 20}) {
      List<? extends BoundedSource<PackRecord>> splits = source.split(bundle, options);
      SourceTestUtils.assertSourcesEqualReferenceSource(source, splits, options);
      if (bundle <= 64) {
        assertTrue(splits.size() > 1, "bundle " + bundle + " gives " + splits.size() + " splits");
      }
    }
    // records are about 50 times larger than their .idx lines: bundle sizes count .rec bytes
    long idx = Files.size(dir.resolve("train.idx"));
    long rec = Files.size(dir.resolve("train.rec"));
    assertEquals(rec / idx * idx, source.getEstimatedSizeBytes(options));
  }

  @Test
  void splitsDynamicallyAtAnyFraction() throws Exception {
    RecordIoSource source = RecordIoSource.of(smallPack(2, 3).toString());
    SourceTestUtils.assertSplitAtFractionExhaustive(source, options);
  }

  @Test
  void theReferencePackReadsAsThreeHundredFaceRecords() throws Exception {
    Path dir = SharedData.require("datasets/insightface_orl");
    RecordIoSource source = RecordIoSource.of(dir.toString());
    List<PackRecord> all = new ArrayList<>();
    for (BoundedSource<PackRecord> s : source.split(100_000, options)) {
      all.addAll(SourceTestUtils.readFromSource(s, options));
    }
    assertEquals(300, all.size());
    try (FacePack pack = FacePack.open(dir)) {
      List<PackedFace> faces = pack.faces();
      for (int i = 0; i < 300; i++) {
        assertTrue(all.get(i).isRead(), all.get(i).toString());
        assertEquals(faces.get(i), all.get(i).face());
      }
    }
  }
}
