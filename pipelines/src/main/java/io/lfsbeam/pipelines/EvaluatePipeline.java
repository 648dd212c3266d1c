package io.lfsbeam.pipelines;

import io.lfsbeam.evaluate.EmbedFaces;
import io.lfsbeam.evaluate.EvaluateModel;
import io.lfsbeam.evaluate.GalleryProtocol;
import io.lfsbeam.evaluate.ResolveLfwPairs;
import io.lfsbeam.evaluate.WriteEvaluation;
import io.lfsbeam.insightface.VerificationBinException;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.TextFiles;
import io.lfsbeam.metrics.LfwPairs;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.schemas.VerificationPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lfs evaluate}: a SavedModel and a preprocessed dataset in; metrics, summary, ROC table and
 * plot out.
 */
public final class EvaluatePipeline {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluatePipeline.class);

  private EvaluatePipeline() {}

  /** The split named by {@code --split}. */
  public static Split split(EvaluateOptions o) {
    String s = o.getSplit().strip().toUpperCase(Locale.ROOT);
    if (!s.equals("TRAIN") && !s.equals("VAL") && !s.equals("TEST")) {
      throw new IllegalArgumentException("--split must be train, val or test, not " + o.getSplit());
    }
    return Split.valueOf(s);
  }

  public static GalleryProtocol gallery(EvaluateOptions o) {
    return o.getGallery() == null || o.getGallery().isBlank()
        ? null
        : GalleryProtocol.parse(o.getGallery());
  }

  /** {@code pairs/<split>.avro} under the data folder. */
  public static Path splitPairs(EvaluateOptions o) {
    return Paths.get(o.getData(), "pairs", split(o).name().toLowerCase(Locale.ROOT) + ".avro");
  }

  static String evalSetName(EvaluateOptions o) {
    if (o.getName() != null) {
      return o.getName();
    }
    if (o.getPairs() != null) {
      String file = Paths.get(o.getPairs()).getFileName().toString();
      return file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
    }
    return split(o).name().toLowerCase(Locale.ROOT);
  }

  /**
   * Builds and runs the pipeline, prints nothing; returns the metrics (the summary is in
   * output/summary.md).
   */
  public static EvalMetrics run(EvaluateOptions o) throws Exception {
    Path data = Paths.get(o.getData()).toAbsolutePath().normalize();
    String model = Paths.get(o.getModel()).toAbsolutePath().normalize().toString();
    String output = Paths.get(o.getOutput()).toAbsolutePath().normalize().toString();
    Split split = split(o);
    GalleryProtocol gallery = gallery(o);
    Files.createDirectories(Paths.get(output));
    FileSystems.setDefaultPipelineOptions(o);

    Runners.configure(o);
    Pipeline p = Pipeline.create(o);
    // with a pairs.txt any split may be named; otherwise only the split's own shards are read
    String faceGlob =
        data
            + "/faces/"
            + (o.getPairs() != null ? "*.avro" : split.name().toLowerCase(Locale.ROOT) + "-*.avro");
    if (AvroFiles.match(faceGlob).isEmpty()) {
      throw new IllegalArgumentException(
          "no face shards match " + faceGlob + " (is --data a preprocess output?)");
    }
    PCollection<AlignedFace> faces =
        p.apply("ReadFaces", AvroIO.read(AlignedFace.class).from(faceGlob));
    PCollection<VerificationPair> pairs;
    if (o.getPairs() != null) {
      Path text = Paths.get(o.getPairs()).toAbsolutePath();
      pairs =
          faces.apply(
              "ResolvePairs",
              ResolveLfwPairs.of(LfwPairs.read(text), text.getFileName().toString()));
    } else {
      pairs =
          p.apply(
              "ReadPairs",
              AvroIO.read(VerificationPair.class).from(splitPairs(o).toAbsolutePath().toString()));
    }
    EvaluateModel evaluate =
        EvaluateModel.of(model)
            .withEvalSet(evalSetName(o))
            .withFlipFusion(o.getFlipFusion())
            .withBatchSize(o.getBatchSize());
    if (gallery != null) {
      evaluate = evaluate.withGallery(gallery, split);
    }
    WriteEvaluation write = WriteEvaluation.to(output);
    if (o.getEmbeddingsOutput() != null) {
      write = write.withEmbeddings(Paths.get(o.getEmbeddingsOutput()).toAbsolutePath().toString());
    }
    EvaluateModel.inputs(faces, pairs).apply("Evaluate", evaluate).apply("Write", write);

    LOG.info(
        "evaluate {} on {} ({}) -> {} with {}",
        model,
        data,
        evalSetName(o),
        output,
        Runners.describe(o));
    long start = System.nanoTime();
    runToCompletion(p);
    EvalMetrics m = AvroFiles.read(output + "/metrics.avro", EvalMetrics.class).get(0);
    LOG.info(
        "evaluate done in {} s: accuracy {} over {} pairs",
        (System.nanoTime() - start) / 1_000_000_000L,
        String.format(Locale.ROOT, "%.4f ± %.4f", m.getAccuracyMean(), m.getAccuracyStd()),
        m.getPairs());
    return m;
  }

  /**
   * Runs an evaluation pipeline to its end, logging the faces embedded with an ETA. A data problem
   * found inside the pipeline (pairs naming missing faces, a model that does not fit the faces, a
   * refused or malformed .bin) reaches here wrapped by the runner: it is rethrown as itself, so the
   * command prints its one line.
   */
  static void runToCompletion(Pipeline p) throws VerificationBinException {
    long start = System.nanoTime();
    PipelineResult.State state;
    try {
      TransformSettings.publish(p);
      state =
          PipelineProgress.waitLogging(
              p.run(),
              5,
              r -> {
                long total = PipelineProgress.counter(r, EvaluateModel.TO_EMBED);
                long done = PipelineProgress.counter(r, EmbedFaces.EMBEDDED);
                return total == 0
                    ? null
                    : "evaluate: embedded "
                        + PipelineProgress.eta(done, total, System.nanoTime() - start)
                        + " faces";
              });
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof IllegalArgumentException iae) {
          throw iae;
        }
        if (t instanceof VerificationBinException bad) {
          throw bad;
        }
      }
      throw e;
    }
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("evaluate pipeline ended " + state);
    }
  }

  /** The summary written by {@link #run}. */
  public static String summary(EvaluateOptions o) throws Exception {
    return TextFiles.read(Paths.get(o.getOutput()).toAbsolutePath().normalize() + "/summary.md");
  }
}
