package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.align.FaceLandmarks;
import io.lfsbeam.align.LandmarkFile;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceImage;
import io.lfsbeam.synth.SyntheticFaces;
import io.lfsbeam.testing.FastDirectRunner;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preprocess fed by the caller's own references ({@link PreprocessFaces#fromImages}): the same
 * images and landmarks as a folder and landmark file give the same aligned pixels, the URI is the
 * face's path everywhere, and a reference that cannot be read is a dead letter naming it.
 */
class FromImagesTest {
  @TempDir Path tmp;

  @Test
  void referencesAlignAsTheFolderDoesAndAMissingFileIsADeadLetter() throws Exception {
    Path data = tmp.resolve("synth");
    SyntheticFaces.builder()
        .identities(4)
        .imagesPerIdentity(3)
        .imageSize(128)
        .seed(21)
        .difficulty(0.3)
        .build()
        .write(data);
    Path landmarkFile = data.resolve(SyntheticFaces.LANDMARKS_FILE);

    PreprocessRun folder =
        PreprocessRun.run(
            PreprocessFaces.fromFolder(data.toString())
                .withLandmarks(landmarkFile.toString())
                .withConfig(PreprocessConfig.defaults().withMinImagesPerIdentity(1)),
            tmp.resolve("folder"));

    List<FaceImage> refs = new ArrayList<>();
    for (Map.Entry<String, FaceLandmarks> e : LandmarkFile.read(landmarkFile).entrySet()) {
      String rel = e.getKey();
      refs.add(
          FaceImages.of(
              data.resolve(rel).toString(),
              rel.substring(0, rel.indexOf('/')),
              e.getValue().toArray()));
    }
    String missing = data.resolve("id_0000/gone.png").toString();
    refs.add(FaceImages.of(missing, "id_0000"));
    Path out = tmp.resolve("refs");
    Pipeline p = Pipeline.create(FastDirectRunner.options());
    PCollection<FaceImage> images =
        p.apply("References", Create.of(refs).withCoder(RecordCoders.of(FaceImage.class)));
    p.apply(
            "Preprocess",
            PreprocessFaces.fromImages(images)
                .withConfig(PreprocessConfig.defaults().withMinImagesPerIdentity(1)))
        .apply("Write", WritePreprocessed.to(out.toString(), "test"));
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());

    DatasetManifest m = AvroFiles.read(out + "/manifest.avro", DatasetManifest.class).get(0);
    assertEquals(refs.size(), m.getInputs());
    assertEquals(12, m.getAccepted());
    List<DeadLetter> dead = AvroFiles.read(out + "/dead_letters.avro", DeadLetter.class);
    assertEquals(1, dead.size());
    assertEquals(missing, dead.get(0).getSource());
    assertEquals("READ_FAILED", dead.get(0).getReason());

    Map<String, byte[]> byFolder = new HashMap<>();
    for (AlignedFace f : folder.faces) {
      byFolder.put(f.getSourcePath(), bytes(f.getImage()));
    }
    List<AlignedFace> faces = AvroFiles.readAll(out + "/faces/*.avro", AlignedFace.class);
    assertEquals(12, faces.size());
    for (AlignedFace f : faces) {
      String path = f.getSourcePath();
      assertTrue(path.startsWith(data.toString() + "/"), path);
      String rel = path.substring(data.toString().length() + 1);
      assertEquals(rel.substring(0, rel.indexOf('/')), f.getIdentity());
      assertEquals(StableHash.faceId(path), f.getId());
      assertArrayEquals(byFolder.get(rel), bytes(f.getImage()), rel);
    }
  }

  @Test
  void aReferenceWithoutIdentityOrWithTooFewLandmarksIsRefusedWhereItIsMade() {
    assertThrows(IllegalArgumentException.class, () -> FaceImages.of("/a.png", " "));
    assertThrows(IllegalArgumentException.class, () -> FaceImages.of(" ", "alice"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FaceImages.of("/a.png", "alice", new double[] {1, 2, 3}));
    assertTrue(e.getMessage().contains("3 landmark values, expected 10"), e.getMessage());
    assertEquals(5, FaceImages.of("/a.png", "alice", new double[10]).getLandmarks().size());
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
