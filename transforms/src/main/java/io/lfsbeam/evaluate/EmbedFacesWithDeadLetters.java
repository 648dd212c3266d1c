package io.lfsbeam.evaluate;

import io.lfsbeam.io.JvmProgress;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceEmbedding;
import java.io.IOException;
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
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * {@link EmbedFaces} for embedding runs where one bad face must not stop the others ({@code lfs
 * embed}, a user's own pipeline): every face comes out either as a {@link FaceEmbedding} ({@link
 * #EMBEDDINGS}) or as a {@link DeadLetter} ({@link #DEAD}, stage {@code embed}) with its reason:
 *
 * <ul>
 *   <li>{@code WRONG_SIZE}: the face is not the model's input size;
 *   <li>{@code UNDECODABLE}: its PNG does not decode;
 *   <li>{@code NON_FINITE_EMBEDDING}: the model gave NaN or ∞ (a diverged model);
 *   <li>{@code INFERENCE_FAILED}: the model refused the batch (every face of it, with the message).
 * </ul>
 *
 * <pre>{@code
 * PCollectionTuple out = faces.apply(EmbedFaces.withModel("/models/run7").withDeadLetters());
 * out.get(EmbedFacesWithDeadLetters.EMBEDDINGS);  out.get(EmbedFacesWithDeadLetters.DEAD);
 * }</pre>
 *
 * <p>Counters: {@link EmbedFaces#EMBEDDED} and {@link #DEAD_LETTERED}; {@link JvmProgress} counts
 * {@link #PROGRESS} (faces done, embedded or not) for progress lines in the embedded runner.
 */
public final class EmbedFacesWithDeadLetters
    extends PTransform<PCollection<AlignedFace>, PCollectionTuple> {
  public static final TupleTag<FaceEmbedding> EMBEDDINGS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD = new TupleTag<>() {};

  /** Faces that became dead letters. */
  public static final MetricName DEAD_LETTERED =
      MetricName.named(EmbedFaces.NAMESPACE, "deadLettered");

  /** {@link JvmProgress} count of faces done (embedded or dead-lettered). */
  public static final String PROGRESS = "embed/done";

  private final EmbedFaces spec;

  EmbedFacesWithDeadLetters(EmbedFaces spec) {
    this.spec = spec;
  }

  @Override
  public PCollectionTuple expand(PCollection<AlignedFace> faces) {
    PCollectionTuple out =
        faces.apply(
            "Embed",
            ParDo.of(new Fn(spec.modelDir(), spec.flipFusion(), spec.batchSize()))
                .withOutputTags(EMBEDDINGS, TupleTagList.of(DEAD)));
    out.get(EMBEDDINGS).setCoder(RecordCoders.of(FaceEmbedding.class));
    out.get(DEAD).setCoder(RecordCoders.of(DeadLetter.class));
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.include("embed", spec);
  }

  static DeadLetter deadLetter(AlignedFace f, String reason, String message) {
    Metrics.counter(EmbedFaces.NAMESPACE, DEAD_LETTERED.getName()).inc();
    return DeadLetter.newBuilder()
        .setSource(f.getSourcePath())
        .setStage("embed")
        .setReason(reason)
        .setMessage(message == null ? "" : message)
        .setRecordId(f.getId())
        .build();
  }

  private static final class Fn extends DoFn<AlignedFace, FaceEmbedding> {
    private final Counter embedded = Metrics.counter(EmbedFaces.NAMESPACE, "embedded");
    private final String modelDir;
    private final boolean flipFusion;
    private final int batchSize;
    private transient Embedder embedder;
    private transient Map<BoundedWindow, Batch> pending;

    /** Faces of one window waiting for inference, with their decoded pixels. */
    private static final class Batch {
      final List<AlignedFace> faces = new ArrayList<>();
      final List<byte[]> rgb = new ArrayList<>();
    }

    /** Where a batch's outputs go: the element's receiver, or the bundle's end. */
    private interface Emit {
      void embedding(FaceEmbedding e);

      void dead(DeadLetter d);
    }

    Fn(String modelDir, boolean flipFusion, int batchSize) {
      this.modelDir = modelDir;
      this.flipFusion = flipFusion;
      this.batchSize = batchSize;
    }

    @Setup
    public void setup() throws Exception {
      embedder = SharedEmbedders.acquire(modelDir);
    }

    @StartBundle
    public void startBundle() {
      pending = new LinkedHashMap<>();
    }

    @ProcessElement
    public void process(@Element AlignedFace face, BoundedWindow window, MultiOutputReceiver out) {
      Emit emit =
          new Emit() {
            @Override
            public void embedding(FaceEmbedding e) {
              out.get(EMBEDDINGS).output(e);
            }

            @Override
            public void dead(DeadLetter d) {
              out.get(DEAD).output(d);
            }
          };
      try {
        EmbedBatch.checkSize(embedder, face);
      } catch (IllegalArgumentException e) {
        emit.dead(deadLetter(face, "WRONG_SIZE", e.getMessage()));
        JvmProgress.add(PROGRESS, 1);
        return;
      }
      byte[] rgb;
      try {
        rgb = EmbedBatch.rgb(face);
      } catch (IOException | RuntimeException e) {
        emit.dead(deadLetter(face, "UNDECODABLE", e.getMessage()));
        JvmProgress.add(PROGRESS, 1);
        return;
      }
      Batch batch = pending.computeIfAbsent(window, w -> new Batch());
      batch.faces.add(face);
      batch.rgb.add(rgb);
      if (batch.faces.size() >= batchSize) {
        pending.remove(window);
        embed(batch, emit);
      }
    }

    /** A partial batch is emitted at its window's end, as {@link EmbedFaces} does. */
    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      for (Map.Entry<BoundedWindow, Batch> e : pending.entrySet()) {
        BoundedWindow w = e.getKey();
        embed(
            e.getValue(),
            new Emit() {
              @Override
              public void embedding(FaceEmbedding x) {
                c.output(EMBEDDINGS, x, w.maxTimestamp(), w);
              }

              @Override
              public void dead(DeadLetter d) {
                c.output(DEAD, d, w.maxTimestamp(), w);
              }
            });
      }
      pending.clear();
    }

    private void embed(Batch batch, Emit emit) {
      double[][] raw;
      try {
        raw = embedder.embedRaw(batch.rgb, flipFusion);
      } catch (RuntimeException e) {
        for (AlignedFace f : batch.faces) {
          emit.dead(deadLetter(f, "INFERENCE_FAILED", e.getMessage()));
        }
        JvmProgress.add(PROGRESS, batch.faces.size());
        return;
      }
      for (int i = 0; i < raw.length; i++) {
        AlignedFace f = batch.faces.get(i);
        FaceEmbedding e = EmbedBatch.record(f, raw[i]);
        if (!Double.isFinite(e.getNorm())) {
          emit.dead(
              deadLetter(
                  f, "NON_FINITE_EMBEDDING", "the model's embedding has NaN or infinite values"));
        } else {
          embedded.inc();
          emit.embedding(e);
        }
      }
      JvmProgress.add(PROGRESS, batch.faces.size());
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
