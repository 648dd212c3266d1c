package io.lfsbeam.bench;

import io.lfsbeam.metrics.Embeddings;
import io.lfsbeam.metrics.VerificationProtocol;
import io.lfsbeam.metrics.VerificationResult;
import io.lfsbeam.schemas.VerificationPair;
import io.lfsbeam.train.BatchAssembler;
import io.lfsbeam.train.Trainer;
import java.util.List;

/**
 * The LFW 10-fold verification accuracy of a trainer's current weights on held-out faces: embed
 * every face on the inference path (moving BatchNorm statistics, no dropout), score each pair by
 * the cosine of the embeddings, run {@link VerificationProtocol}. The same measure the search uses
 * as its reward, without the checkpoint round trip.
 */
public final class HeldOutVerification {
  private static final int BATCH = 64;

  private HeldOutVerification() {}

  public static VerificationResult measure(Trainer trainer, HeldOutFaces faces) {
    float[][] embeddings = embed(trainer, faces);
    List<VerificationPair> pairs = faces.pairs();
    double[] scores = new double[pairs.size()];
    boolean[] same = new boolean[pairs.size()];
    int[] folds = new int[pairs.size()];
    for (int i = 0; i < scores.length; i++) {
      VerificationPair p = pairs.get(i);
      scores[i] =
          Embeddings.cosine(
              embeddings[Integer.parseInt(p.getLeftId())],
              embeddings[Integer.parseInt(p.getRightId())]);
      same[i] = p.getSame();
      folds[i] = p.getFold();
    }
    return VerificationProtocol.run(scores, same, folds);
  }

  static float[][] embed(Trainer trainer, HeldOutFaces faces) {
    int h = faces.height();
    int w = faces.width();
    int n = faces.pixels().size();
    float[][] out = new float[n][];
    for (int from = 0; from < n; from += BATCH) {
      int count = Math.min(BATCH, n - from);
      float[] pixels = new float[count * h * w * 3];
      for (int i = 0; i < count; i++) {
        BatchAssembler.normalize(faces.pixels().get(from + i), pixels, i * h * w * 3, h, w, false);
      }
      float[][] rows = trainer.embed(pixels, count);
      System.arraycopy(rows, 0, out, from, count);
    }
    return out;
  }
}
