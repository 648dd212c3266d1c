package io.lfsbeam.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lfsbeam.image.PngEncoder;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceEmbedding;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.testing.FastDirectRunner;
import io.lfsbeam.train.Device;
import io.lfsbeam.train.Trainer;
import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.loss.GraphLosses;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faces that cannot be embedded become dead letters with their reason, the others the model's own
 * embeddings (computed outside Beam with the {@link Embedder}), with the norm of the raw embedding.
 */
class EmbedFacesWithDeadLettersTest {
  @TempDir Path tmp;

  @Test
  void aWrongSizeAndABrokenPngAreDeadLettersTheRestEmbeddings() throws Exception {
    Path model = tmp.resolve("model");
    try (Trainer t =
        Trainer.builder()
            .setBackbone(BackboneConfig.tiny())
            .setLoss(GraphLosses.of(LossFamily.NORMFACE, LossParams.newBuilder().build()))
            .setNumClasses(2)
            .optSeed(1)
            .optDevice(Device.cpu())
            .build()) {
      t.exportSavedModel(model);
    }
    List<AlignedFace> faces = new ArrayList<>();
    List<byte[]> goodRgb = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 5; i++) {
      byte[] px = new byte[112 * 112 * 3];
      random.nextBytes(px);
      goodRgb.add(px);
      faces.add(face("good-" + i, PngEncoder.encode(px, 112, 112), 112));
    }
    byte[] narrow = new byte[112 * 96 * 3];
    faces.add(face("narrow", PngEncoder.encode(narrow, 96, 112), 96));
    faces.add(face("broken", new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}, 112));

    Map<String, float[]> want = new HashMap<>();
    Map<String, Double> wantNorm = new HashMap<>();
    try (Embedder e = Embedder.load(model)) {
      float[][] v = e.embed(goodRgb, true);
      double[][] raw = e.embedRaw(goodRgb, true);
      for (int i = 0; i < v.length; i++) {
        want.put("good-" + i, v[i]);
        double s = 0;
        for (double x : raw[i]) {
          s += x * x;
        }
        wantNorm.put("good-" + i, Math.sqrt(s));
      }
    }

    Pipeline p = Pipeline.create(FastDirectRunner.options());
    PCollectionTuple out =
        p.apply(Create.of(faces).withCoder(RecordCoders.of(AlignedFace.class)))
            .apply(
                EmbedFaces.withModel(model.toString())
                    .withFlipFusion(true)
                    .withBatchSize(2)
                    .withDeadLetters());
    PAssert.that(out.get(EmbedFacesWithDeadLetters.EMBEDDINGS))
        .satisfies(
            rows -> {
              int n = 0;
              for (FaceEmbedding e : rows) {
                float[] w = want.get(e.getId());
                for (int d = 0; d < w.length; d++) {
                  assertEquals(w[d], e.getVector().get(d), 1e-5f, e.getId() + " dim " + d);
                }
                assertEquals(wantNorm.get(e.getId()), e.getNorm(), 1e-4 * e.getNorm());
                n++;
              }
              assertEquals(5, n);
              return null;
            });
    PAssert.that(out.get(EmbedFacesWithDeadLetters.DEAD))
        .satisfies(
            rows -> {
              Map<String, String> reasons = new TreeMap<>();
              for (DeadLetter d : rows) {
                reasons.put(d.getRecordId(), d.getStage() + "/" + d.getReason());
              }
              assertEquals(
                  Map.of("broken", "embed/UNDECODABLE", "narrow", "embed/WRONG_SIZE"), reasons);
              return null;
            });
    p.run().waitUntilFinish();
  }

  private static AlignedFace face(String id, byte[] png, int width) {
    return AlignedFace.newBuilder()
        .setId(id)
        .setIdentity("someone")
        .setLabel(0)
        .setSplit(Split.TEST)
        .setSourcePath(id + ".png")
        .setImage(ByteBuffer.wrap(png))
        .setWidth(width)
        .setHeight(112)
        .setAlignment(AlignmentMethod.NONE)
        .setContentHash(id)
        .build();
  }
}
