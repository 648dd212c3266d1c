package io.lfsbeam.evaluate;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.lfsbeam.metrics.Embeddings;
import io.lfsbeam.tf.TensorFlowEngine;
import io.lfsbeam.train.BatchAssembler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Face embeddings from a SavedModel written by {@link io.lfsbeam.train.SavedModelExporter}, through
 * DJL ({@code Criteria → ZooModel → Predictor}, TensorFlow engine). Returns L2-normalised rows;
 * optional flip fusion embeds each image and its mirror, sums the raw embeddings and normalises.
 *
 * <p>One predictor, so calls are serialised ({@code synchronized}); for parallel inference open one
 * embedder per thread (DJL's DirectRunner advice: share the loaded model in a static holder if the
 * model is large). Close it to free native memory.
 */
public final class Embedder implements AutoCloseable {
  /**
   * Faces per inference batch, here and in the evaluation transforms: large enough to keep the
   * native call overhead small, small enough that a 112×112 batch is a few MB.
   */
  public static final int BATCH = 64;

  private final ZooModel<NDList, NDList> model;
  private final Predictor<NDList, NDList> predictor;
  private final int height;
  private final int width;

  private Embedder(ZooModel<NDList, NDList> model, int height, int width) {
    this.model = model;
    this.predictor = model.newPredictor();
    this.height = height;
    this.width = width;
  }

  /** Loads an exported model; the input size is read from its signature. */
  public static Embedder load(Path savedModelDir) throws IOException {
    TensorFlowEngine.load();
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(savedModelDir)
            .optEngine(TensorFlowEngine.ENGINE_NAME)
            .build();
    ZooModel<NDList, NDList> model;
    try {
      model = criteria.loadModel();
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new IOException("cannot load SavedModel " + savedModelDir + ": " + e.getMessage(), e);
    }
    try {
      Shape in = model.describeInput().get(0).getValue();
      if (in.dimension() != 4 || in.get(1) <= 0 || in.get(2) <= 0 || in.get(3) != 3) {
        throw new IOException("model input " + in + " is not [N, H, W, 3]");
      }
      return new Embedder(model, (int) in.get(1), (int) in.get(2));
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /**
   * L2-normalised embeddings of {@code count} normalised NHWC images (see {@link
   * io.lfsbeam.train.SavedModelExporter}).
   */
  public synchronized float[][] embedNormalized(float[] pixels, int count) {
    int per = height * width * 3;
    if (pixels.length != count * per) {
      throw new IllegalArgumentException(
          pixels.length + " floats are not " + count + " images of " + height + "x" + width);
    }
    float[][] out = new float[count][];
    for (int start = 0; start < count; start += BATCH) {
      int n = Math.min(BATCH, count - start);
      float[] chunk = new float[n * per];
      System.arraycopy(pixels, start * per, chunk, 0, chunk.length);
      float[][] raw = raw(chunk, n);
      for (int i = 0; i < n; i++) {
        out[start + i] = normalize(raw[i]);
      }
    }
    return out;
  }

  /**
   * L2-normalised embeddings of RGB byte images (H·W·3 each, as in {@link
   * io.lfsbeam.train.TrainingData}); with {@code flipFusion}, of image + mirror (raw embeddings
   * summed, then normalised).
   */
  public synchronized float[][] embed(List<byte[]> rgbImages, boolean flipFusion) {
    double[][] raw = embedRaw(rgbImages, flipFusion);
    float[][] out = new float[raw.length][];
    for (int i = 0; i < raw.length; i++) {
      out[i] = Embeddings.toFloat(Embeddings.l2normalize(raw[i]));
    }
    return out;
  }

  /**
   * The embeddings of {@link #embed} before L2 normalisation (with {@code flipFusion}, the sum of
   * the image's and the mirror's), in double precision as {@link Embeddings} sums them: their norms
   * are what {@link #embed} divides by.
   */
  public synchronized double[][] embedRaw(List<byte[]> rgbImages, boolean flipFusion) {
    int per = height * width * 3;
    double[][] out = new double[rgbImages.size()][];
    for (int start = 0; start < rgbImages.size(); start += BATCH) {
      int n = Math.min(BATCH, rgbImages.size() - start);
      float[] plain = new float[n * per];
      float[] mirrored = flipFusion ? new float[n * per] : null;
      for (int i = 0; i < n; i++) {
        byte[] img = rgbImages.get(start + i);
        if (img.length != per) {
          throw new IllegalArgumentException(
              "image " + (start + i) + " has " + img.length + " bytes, expected " + per);
        }
        BatchAssembler.normalize(img, plain, i * per, height, width, false);
        if (flipFusion) {
          BatchAssembler.normalize(img, mirrored, i * per, height, width, true);
        }
      }
      float[][] a = raw(plain, n);
      float[][] b = flipFusion ? raw(mirrored, n) : null;
      for (int i = 0; i < n; i++) {
        double[] sum = Embeddings.toDouble(a[i]);
        if (b != null) {
          for (int k = 0; k < sum.length; k++) {
            sum[k] += b[i][k];
          }
        }
        out[start + i] = sum;
      }
    }
    return out;
  }

  private float[][] raw(float[] pixels, int n) {
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray input = manager.create(pixels, new Shape(n, height, width, 3));
      NDList result = predictor.predict(new NDList(input));
      float[] flat = result.get(0).toFloatArray();
      int dim = flat.length / n;
      float[][] rows = new float[n][];
      for (int i = 0; i < n; i++) {
        rows[i] = Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
      }
      result.close();
      return rows;
    } catch (TranslateException e) {
      throw new IllegalStateException("embedding inference failed: " + e.getMessage(), e);
    }
  }

  /**
   * v / ‖v‖ in double precision, {@link Embeddings#l2normalize}: a zero vector stays zero; a vector
   * with a NaN or infinite component, from a diverged model, becomes all NaN so that its scores are
   * refused instead of passing for chance.
   */
  public static float[] normalize(float[] v) {
    return Embeddings.toFloat(Embeddings.l2normalize(v));
  }

  @Override
  public void close() {
    try {
      predictor.close();
    } finally {
      model.close();
    }
  }
}
