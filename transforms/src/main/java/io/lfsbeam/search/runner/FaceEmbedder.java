package io.lfsbeam.search.runner;

import io.lfsbeam.evaluate.Embedder;
import io.lfsbeam.metrics.Embeddings;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.train.BatchAssembler;
import io.lfsbeam.train.InMemoryTrainingData;
import io.lfsbeam.train.Trainer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * L2-normalised embeddings of aligned faces from a checkpoint, through the training graph's
 * inference path (no SavedModel round trip per candidate); optional flip fusion.
 */
final class FaceEmbedder implements AutoCloseable {
  private static final int BATCH = Embedder.BATCH;
  private final Trainer trainer;
  private final boolean flipFusion;

  FaceEmbedder(Trainer trainer, boolean flipFusion) {
    this.trainer = trainer;
    this.flipFusion = flipFusion;
  }

  void restore(String checkpoint) throws IOException {
    trainer.restoreCheckpoint(checkpoint);
  }

  /** Unit-length embeddings by face id. */
  Map<String, float[]> embed(List<AlignedFace> faces) throws IOException {
    Map<String, float[]> out = new HashMap<>();
    for (int from = 0; from < faces.size(); from += BATCH) {
      List<AlignedFace> batch = faces.subList(from, Math.min(faces.size(), from + BATCH));
      float[][] plain = run(batch, false);
      float[][] mirrored = flipFusion ? run(batch, true) : null;
      for (int i = 0; i < batch.size(); i++) {
        double[] v =
            flipFusion
                ? Embeddings.flipFusion(plain[i], mirrored[i])
                : Embeddings.l2normalize(plain[i]);
        out.put(batch.get(i).getId(), Embeddings.toFloat(v));
      }
    }
    return out;
  }

  private float[][] run(List<AlignedFace> batch, boolean mirrored) throws IOException {
    int h = batch.get(0).getHeight();
    int w = batch.get(0).getWidth();
    float[] pixels = new float[batch.size() * h * w * 3];
    for (int i = 0; i < batch.size(); i++) {
      ByteBuffer png = batch.get(i).getImage().duplicate();
      byte[] bytes = new byte[png.remaining()];
      png.get(bytes);
      BatchAssembler.normalize(
          InMemoryTrainingData.decodeRgb(bytes, h, w), pixels, i * h * w * 3, h, w, mirrored);
    }
    return trainer.embed(pixels, batch.size());
  }

  @Override
  public void close() {
    trainer.close();
  }
}
