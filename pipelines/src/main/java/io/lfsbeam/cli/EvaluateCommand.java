package io.lfsbeam.cli;

import io.lfsbeam.pipelines.EvaluateBinsPipeline;
import io.lfsbeam.pipelines.EvaluateOptions;
import io.lfsbeam.pipelines.EvaluatePipeline;
import io.lfsbeam.pipelines.Places;
import io.lfsbeam.schemas.EvalMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code lfs evaluate}: verification (10-fold), ROC, TAR@FAR and optional identification of an
 * exported model, on a preprocess output's pairs ({@code --data}) or on verification .bin sets
 * ({@code --bins}, each with and without flip fusion).
 */
public final class EvaluateCommand implements Command<EvaluateOptions> {
  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public String summary() {
    return "Evaluate an exported model on preprocess pairs or .bin sets: 10-fold verification, ROC/AUC/EER/TAR@FAR, optional rank-1/5; write metrics + ROC plot";
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
    Checks.positive("batchSize", o.getBatchSize());
    Checks.writableFolder("output", o.getOutput());
    if (o.getEmbeddingsOutput() != null) {
      Checks.writableFile("embeddingsOutput", o.getEmbeddingsOutput());
    }
    if (o.getBins() != null) {
      // where the output lies first: checking the sets reads every image and loads the model
      try {
        Checks.apart("output", o.getOutput(), readPlaces(o));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      validateBins(o);
      return;
    }
    if (o.getData() == null) {
      throw new UsageException(
          "give --data=<preprocess output> or --bins=<verification .bin files>");
    }
    Path data = Checks.existingPath("data", o.getData());
    if (!Files.isDirectory(data.resolve("faces"))) {
      throw new UsageException(
          "--data=" + o.getData() + " is not a preprocess output (no faces/ folder)");
    }
    try {
      EvaluatePipeline.split(o);
      EvaluatePipeline.gallery(o);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Places.Input[] read = readPlaces(o);
    Checks.apart("output", o.getOutput(), read);
    Checks.apart("embeddingsOutput", o.getEmbeddingsOutput(), read);
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

  /** What an evaluation reads: the model, the data and a pairs file, or the .bin sets. */
  private static Places.Input[] readPlaces(EvaluateOptions o) {
    List<Places.Input> in = new ArrayList<>();
    in.add(Checks.input("model", o.getModel()));
    in.add(Checks.input("data", o.getData()));
    in.add(Checks.input("pairs", o.getPairs()));
    if (o.getBins() != null) {
      for (String bin : EvaluateBinsPipeline.bins(o).values()) {
        in.add(Checks.input("bins", bin));
      }
    }
    return in.toArray(Places.Input[]::new);
  }

  /** --bins evaluates .bin sets only: the options of the preprocess path do not apply. */
  private static void validateBins(EvaluateOptions o) {
    Map<String, String> preprocessOnly = new LinkedHashMap<>();
    preprocessOnly.put("data", o.getData());
    preprocessOnly.put("pairs", o.getPairs());
    preprocessOnly.put("gallery", o.getGallery());
    preprocessOnly.put("embeddingsOutput", o.getEmbeddingsOutput());
    preprocessOnly.put("name", o.getName());
    preprocessOnly.forEach(
        (option, value) -> {
          if (value != null) {
            throw new UsageException(
                "--bins evaluates verification .bin sets; --"
                    + option
                    + " belongs to the preprocess-output path (run it separately)");
          }
        });
    Checks.asUsage(
        () -> {
          for (String file : EvaluateBinsPipeline.bins(o).values()) {
            Checks.existingPath("bins", file);
          }
          // every image of every set, before any pipeline: a bad one is found in seconds, not
          // after the sets before it were embedded
          EvaluateBinsPipeline.checkBins(o);
        });
  }

  @Override
  public List<String> outputs(EvaluateOptions o) {
    return List.of(o.getOutput());
  }

  @Override
  public int run(EvaluateOptions o) throws Exception {
    if (o.getBins() != null) {
      List<EvalMetrics> all = EvaluateBinsPipeline.run(o);
      System.out.print(EvaluatePipeline.summary(o));
      System.out.printf(
          Locale.ROOT,
          "evaluate: %d sets x {plain, flip fusion}; metrics.avro, summary.md in %s, ROC per set"
              + " in %s/<set>[-flip]/%n",
          all.size() / 2,
          o.getOutput(),
          o.getOutput());
      return 0;
    }
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
