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
    // as Flink asks at parallelism 2: half the estimated size each
    long half = source.getEstimatedSizeBytes(options) / 2;
    List<? extends BoundedSource<PackRecord>> two = source.split(half, options);
    assertEquals(2, two.size());
    SourceTestUtils.assertSourcesEqualReferenceSource(source, two, options);
    try (FacePack pack = FacePack.open(dir)) {
      List<PackedFace> faces = pack.faces();
      for (int i = 0; i < 300; i++) {
        assertTrue(all.get(i).isRead(), all.get(i).toString());
        assertEquals(faces.get(i), all.get(i).face());
      }
    }
  }

  /** Record 0 with flag 0 (no header): every key of the .idx is a face, key 0 included. */
  @Test
  void withoutAHeaderRecordEveryKeyIsAFace() throws Exception {
    PackBuilder b = new PackBuilder();
    for (long key = 0; key < 5; key++) {
      b.record(key, PackBuilder.face(key % 2, key, new byte[] {(byte) key}));
    }
    Path dir = b.write(tmp.resolve("flat"), -1, null);
    RecordIoSource source = RecordIoSource.of(dir.toString());
    List<PackRecord> all = SourceTestUtils.readFromSource(source, options);
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), all.stream().map(PackRecord::key).toList());
    assertEquals(1, all.get(3).face().classIndex());
    try (FacePack pack = FacePack.open(dir)) {
      assertEquals(PackLayout.everyKey(), pack.layout());
      assertEquals(5, pack.faces().size());
    }
  }

  @Test
  void aPackIsAFolderWithBothTrainRecAndTrainIdx() throws Exception {
    assertEquals(false, PackFiles.isPack(tmp.toString()), "an empty folder");
    Path dir = smallPack(1, 2);
    assertEquals(true, PackFiles.isPack(dir.toString()));
    Files.delete(dir.resolve(RecordIoFile.IDX));
    assertEquals(false, PackFiles.isPack(dir.toString()), "no train.idx");
  }
}
