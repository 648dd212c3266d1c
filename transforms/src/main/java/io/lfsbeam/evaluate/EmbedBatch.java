package io.lfsbeam.evaluate;

import io.lfsbeam.metrics.Embeddings;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.FaceEmbedding;
import io.lfsbeam.train.InMemoryTrainingData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeds a batch of aligned faces: PNG → RGB bytes → {@link Embedder} (L2-normalised, optional flip
 * fusion) → {@link FaceEmbedding}. Shared by the Beam {@link EmbedFaces} and the plain {@link
 * ModelEvaluation}, so both see exactly the same vectors.
 */
public final class EmbedBatch {
  private EmbedBatch() {}

  /**
   * @throws IllegalArgumentException when a face's size differs from the model's input (e.g. a
   *     112×96 dataset with a 112×112 model) or its PNG cannot be decoded
   */
  public static List<FaceEmbedding> embed(
      Embedder embedder, List<AlignedFace> faces, boolean flipFusion) {
    List<byte[]> rgb = new ArrayList<>(faces.size());
    for (AlignedFace f : faces) {
      checkSize(embedder, f);
      try {
        rgb.add(rgb(f));
      } catch (IOException e) {
        throw new IllegalArgumentException("face " + f.getSourcePath() + ": " + e.getMessage(), e);
      }
    }
    double[][] raw = embedder.embedRaw(rgb, flipFusion);
    List<FaceEmbedding> out = new ArrayList<>(faces.size());
    for (int i = 0; i < faces.size(); i++) {
      out.add(record(faces.get(i), raw[i]));
    }
    return out;
  }

  /**
   * @throws IllegalArgumentException when the face's size differs from the model's input
   */
  static void checkSize(Embedder embedder, AlignedFace f) {
    if (f.getHeight() != embedder.height() || f.getWidth() != embedder.width()) {
      throw new IllegalArgumentException(
          "face "
              + f.getSourcePath()
              + " is "
              + f.getWidth()
              + "x"
              + f.getHeight()
              + " but the model takes "
              + embedder.width()
              + "x"
              + embedder.height()
              + " (preprocess with the template the model was trained on)");
    }
  }

  /** The face's PNG decoded to RGB bytes (H·W·3). */
  static byte[] rgb(AlignedFace f) throws IOException {
    ByteBuffer png = f.getImage();
    byte[] bytes = new byte[png.remaining()];
    png.duplicate().get(bytes);
    return InMemoryTrainingData.decodeRgb(bytes, f.getHeight(), f.getWidth());
  }

  /**
   * The record of one face: its L2-normalised embedding ({@link Embeddings#l2normalize}: all NaN
   * when the raw one is not finite) and the raw embedding's norm.
   */
  static FaceEmbedding record(AlignedFace f, double[] raw) {
    float[] unit = Embeddings.toFloat(Embeddings.l2normalize(raw));
    List<Float> v = new ArrayList<>(unit.length);
    for (float x : unit) {
      v.add(x);
    }
    return FaceEmbedding.newBuilder()
        .setId(f.getId())
        .setIdentity(f.getIdentity())
        .setImageNumber(f.getImageNumber())
        .setSourcePath(f.getSourcePath())
        .setSplit(f.getSplit())
        .setVector(v)
        .setNorm(Embeddings.norm(raw))
        .build();
  }

  /** The vector as a primitive array. */
  public static float[] vector(FaceEmbedding e) {
    List<Float> v = e.getVector();
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.get(i);
    }
    return out;
  }
}
