package io.lfsbeam.evaluate;

import com.google.auto.value.AutoValue;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.FaceEmbedding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;

/**
 * Embeds aligned faces with an exported SavedModel (see {@code SavedModelExporter}) through DJL, in
 * batches: {@code PCollection<AlignedFace> → PCollection<FaceEmbedding>}.
 *
 * <pre>{@code
 * PCollection<FaceEmbedding> e = faces.apply(EmbedFaces.withModel("/models/run7").withFlipFusion(true));
 * }</pre>
 *
 * <p>The model directory must be readable as a local path on every worker (a shared filesystem or a
 * copy on each host); it is loaded once per worker JVM ({@link SharedEmbedders}). Faces are
 * buffered per bundle and embedded {@link #withBatchSize batchSize} at a time. Counter {@code
 * lfs.evaluate/embedded} counts faces done; each worker also logs its rate.
 */
@AutoValue
public abstract class EmbedFaces
    extends PTransform<PCollection<AlignedFace>, PCollection<FaceEmbedding>> {
  public static final String NAMESPACE = "lfs.evaluate";

  /** Faces embedded so far. */
  public static final MetricName EMBEDDED = MetricName.named(NAMESPACE, "embedded");

  abstract String modelDir();

  abstract boolean flipFusion();

  abstract int batchSize();

  abstract Builder toBuilder();

  public static EmbedFaces withModel(String savedModelDir) {
    return new AutoValue_EmbedFaces.Builder()
        .setModelDir(savedModelDir)
        .setFlipFusion(false)
        .setBatchSize(Embedder.BATCH)
        .build();
  }

  /** Embed each face and its mirror image, sum the raw embeddings, normalise. */
  public EmbedFaces withFlipFusion(boolean flip) {
    return toBuilder().setFlipFusion(flip).build();
  }

  /**
   * The same embedding, but a face that cannot be embedded becomes a dead letter with its reason
   * instead of failing the pipeline ({@link EmbedFacesWithDeadLetters}).
   */
  public EmbedFacesWithDeadLetters withDeadLetters() {
    return new EmbedFacesWithDeadLetters(this);
  }

  public EmbedFaces withBatchSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("batch size must be ≥ 1: " + size);
    }
    return toBuilder().setBatchSize(size).build();
  }

  @Override
  public PCollection<FaceEmbedding> expand(PCollection<AlignedFace> faces) {
    return faces
        .apply("Embed", ParDo.of(new EmbedFn(modelDir(), flipFusion(), batchSize())))
        .setCoder(RecordCoders.of(FaceEmbedding.class));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("model", modelDir()).withLabel("SavedModel"))
        .add(DisplayData.item("flipFusion", flipFusion()).withLabel("Flip fusion"))
        .add(DisplayData.item("batchSize", batchSize()).withLabel("Faces per inference batch"));
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setModelDir(String dir);

    abstract Builder setFlipFusion(boolean flip);

    abstract Builder setBatchSize(int size);

    abstract EmbedFaces build();
  }

  static final class EmbedFn extends DoFn<AlignedFace, FaceEmbedding> {
    private final Counter embedded = Metrics.counter(NAMESPACE, EMBEDDED.getName());
    private final String modelDir;
    private final boolean flipFusion;
    private final int batchSize;
    private transient Embedder embedder;
    private transient Map<BoundedWindow, List<AlignedFace>> pending;
    private transient EmbeddingProgress progress;

    EmbedFn(String modelDir, boolean flipFusion, int batchSize) {
      this.modelDir = modelDir;
      this.flipFusion = flipFusion;
      this.batchSize = batchSize;
    }

    @Setup
    public void setup() throws Exception {
      embedder = SharedEmbedders.acquire(modelDir);
      progress = new EmbeddingProgress("worker " + Thread.currentThread().getName(), -1);
    }

    @StartBundle
    public void startBundle() {
      pending = new LinkedHashMap<>();
    }

    /**
     * Buffers per window, so a batch never mixes windows. A full batch is emitted with the
     * timestamp of the face that filled it, a partial one at bundle end with its window's end:
     * evaluation is batch work whose timestamps carry no meaning, and this keeps every output in
     * its own window.
     */
    @ProcessElement
    public void process(
        @Element AlignedFace face, BoundedWindow window, OutputReceiver<FaceEmbedding> out) {
      List<AlignedFace> batch = pending.computeIfAbsent(window, w -> new ArrayList<>(batchSize));
      batch.add(face);
      if (batch.size() >= batchSize) {
        pending.remove(window);
        embed(batch).forEach(out::output);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      for (Map.Entry<BoundedWindow, List<AlignedFace>> e : pending.entrySet()) {
        for (FaceEmbedding x : embed(e.getValue())) {
          c.output(x, e.getKey().maxTimestamp(), e.getKey());
        }
      }
      pending.clear();
    }

    private List<FaceEmbedding> embed(List<AlignedFace> faces) {
      List<FaceEmbedding> e = EmbedBatch.embed(embedder, faces, flipFusion);
      embedded.inc(e.size());
      progress.add(e.size());
      return e;
    }

    @Teardown
    public void teardown() {
      if (embedder != null) {
        embedder = null;
        SharedEmbedders.release(modelDir);
      }
    }
  }
}
