package io.lfsbeam.cli;

import io.lfsbeam.pipelines.EvaluateOptions;
import io.lfsbeam.pipelines.EvaluatePipeline;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code lfs evaluate}: verification (10-fold), ROC, TAR@FAR and optional identification of an
 * exported model.
 */
public final class EvaluateCommand implements Command<EvaluateOptions> {
  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public String summary() {
    return "Evaluate an exported model: 10-fold verification, ROC/AUC/EER/TAR@FAR, optional rank-1/5; write metrics + ROC plot";
  }

  @Override
  public Class<EvaluateOptions> optionsType() {
    return EvaluateOptions.class;
  }

  @Override
  public void validate(EvaluateOptions o) {
    Path model = Checks.existingPath("model", o.getModel());
    if (!Files.isRegularFile(model.resolve("saved_model.pb"))) {
      throw new UsageException(
          "--model=" + o.getModel() + " is not an exported SavedModel (no saved_model.pb in it)");
    }
    Path data = Checks.existingPath("data", o.getData());
    if (!Files.isDirectory(data.resolve("faces"))) {
      throw new UsageException(
          "--data=" + o.getData() + " is not a preprocess output (no faces/ folder)");
    }
    Checks.positive("batchSize", o.getBatchSize());
    try {
      EvaluatePipeline.split(o);
      EvaluatePipeline.gallery(o);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (o.getPairs() != null) {
      Checks.existingPath("pairs", o.getPairs());
    } else if (!Files.isRegularFile(EvaluatePipeline.splitPairs(o))) {
      throw new UsageException(
          "--data="
              + o.getData()
              + " has no "
              + data.relativize(EvaluatePipeline.splitPairs(o))
              + " (choose another --split or give --pairs=FILE)");
    }
  }

  @Override
  public int run(EvaluateOptions o) throws Exception {
    var m = EvaluatePipeline.run(o);
    System.out.print(EvaluatePipeline.summary(o));
    System.out.printf(
        "evaluate: accuracy %.4f ± %.4f over %d pairs; metrics.avro, summary.md, roc.tsv, roc.png in %s%s%n",
        m.getAccuracyMean(),
        m.getAccuracyStd(),
        m.getPairs(),
        o.getOutput(),
        o.getEmbeddingsOutput() == null ? "" : "; embeddings in " + o.getEmbeddingsOutput());
    return 0;
  }
}
