package io.lfsbeam.pipelines;

import io.lfsbeam.evaluate.Embedder;
import io.lfsbeam.evaluate.EvaluateModel;
import io.lfsbeam.evaluate.WriteBenchmarks;
import io.lfsbeam.evaluate.WriteEvaluation;
import io.lfsbeam.insightface.BinFaces;
import io.lfsbeam.insightface.ReadVerificationBin;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.EvalMetrics;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lfs evaluate --bins=lfw.bin,cfp_fp.bin,agedb_30.bin}: a SavedModel on insightface
 * verification sets, each read once ({@link ReadVerificationBin}) and evaluated twice, plain and
 * with flip fusion ({@link EvaluateModel}). Output: {@code metrics.avro} and {@code summary.md}
 * with every set and variant ({@link WriteBenchmarks}), and per variant a folder {@code <set>/} or
 * {@code <set>-flip/} with its own summary, ROC table and plot.
 *
 * <p>The two variants embed separately, so each face runs through the model three times (image,
 * then image and mirror); on the published sets (12k–14k images) that is seconds to minutes, small
 * beside training.
 */
public final class EvaluateBinsPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateBinsPipeline.class);

  private EvaluateBinsPipeline() {}

  /** The files {@link WriteBenchmarks} writes at the top of the output, beside the set folders. */
  static final List<String> SUMMARY_FILES = List.of("metrics.avro", "summary.md");

  /**
   * The .bin paths of {@code --bins} by set name, in the order given. Each set writes into the
   * folders {@code <set>/} and {@code <set>-flip/} of the output, so every set name must be one
   * plain path segment ({@link BinFaces#setName}) and the folders of all sets must differ from each
   * other and from the summary's own files, compared without regard to case (as a case-insensitive
   * file system would).
   *
   * @throws IllegalArgumentException when the list is empty, a file's name gives no set name, or
   *     two sets' folders (or a set folder and a summary file) would be one
   */
  public static Map<String, String> bins(EvaluateOptions o) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> folders = new HashMap<>();
    SUMMARY_FILES.forEach(f -> folders.put(f, "the summary's own file " + f));
    for (String part : o.getBins().split(",")) {
      String file = part.strip();
      if (file.isEmpty()) {
        continue;
      }
      String name;
      try {
        name = BinFaces.setName(file);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--bins: " + e.getMessage(), e);
      }
      for (Map.Entry<String, String> e : out.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          throw new IllegalArgumentException(
              "--bins names two sets '" + name + "' (" + e.getValue() + ", " + file + ")");
        }
      }
      for (String folder : List.of(name, name + "-flip")) {
        String earlier = folders.putIfAbsent(folder.toLowerCase(Locale.ROOT), file);
        if (earlier != null) {
          throw new IllegalArgumentException(
              "--bins: "
                  + file
                  + " would write the folder '"
                  + folder
                  + "', which "
                  + (earlier.startsWith("the summary") ? earlier : earlier + "'s set")
                  + " also writes; rename one of the files");
        }
      }
      out.put(name, file);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--bins names no file");
    }
    return out;
  }

  /** The model's input {height, width}: the size every image of a .bin must have. */
  public static int[] inputSize(String model) throws Exception {
    try (Embedder e = Embedder.load(Paths.get(model).toAbsolutePath().normalize())) {
      return new int[] {e.height(), e.width()};
    }
  }

  /**
   * Checks, before any pipeline, that every .bin parses and that each of its images decodes at the
   * model's input size (the first one that does not is named).
   *
   * @throws IllegalArgumentException or {@link java.io.IOException} naming the file and image
   */
  public static void checkBins(EvaluateOptions o) throws Exception {
    int[] size = inputSize(o.getModel());
    for (String file : bins(o).values()) {
      BinFaces.check(file, size[0], size[1]);
    }
  }

  /** Builds and runs the pipeline; returns the metrics in report order (summary in summary.md). */
  public static List<EvalMetrics> run(EvaluateOptions o) throws Exception {
    String model = Paths.get(o.getModel()).toAbsolutePath().normalize().toString();
    String output = Paths.get(o.getOutput()).toAbsolutePath().normalize().toString();
    Map<String, String> bins = bins(o);
    Files.createDirectories(Paths.get(output));
    FileSystems.setDefaultPipelineOptions(o);
    // the images of a .bin are not resized: they must have the model's input size
    int[] size = inputSize(model);
    int height = size[0];
    int width = size[1];

    Runners.configure(o);
    Pipeline p = Pipeline.create(o);
    List<PCollection<EvalMetrics>> metrics = new ArrayList<>();
    for (Map.Entry<String, String> bin : bins.entrySet()) {
      String name = bin.getKey();
      String file = Paths.get(bin.getValue()).toAbsolutePath().normalize().toString();
      PCollectionTuple set =
          p.apply(
              "Read " + name,
              ReadVerificationBin.from(file).withName(name).withImageSize(height, width));
      for (boolean flip : new boolean[] {false, true}) {
        String variant = flip ? name + "-flip" : name;
        EvaluateModel.Result r =
            set.apply(
                "Evaluate " + variant,
                EvaluateModel.of(model)
                    .withEvalSet(name)
                    .withFlipFusion(flip)
                    .withBatchSize(o.getBatchSize()));
        r.apply("Write " + variant, WriteEvaluation.to(output + "/" + variant));
        metrics.add(r.metrics());
      }
    }
    PCollectionList.of(metrics)
        .apply("AllSets", Flatten.pCollections())
        .apply("Summary", WriteBenchmarks.to(output, List.copyOf(bins.keySet())));

    LOG.info(
        "evaluate {} on {} ({}x{} images) -> {} with {}",
        model,
        String.join(", ", bins.values()),
        height,
        width,
        output,
        Runners.describe(o));
    EvaluatePipeline.runToCompletion(p);
    List<EvalMetrics> out = AvroFiles.read(output + "/metrics.avro", EvalMetrics.class);
    for (EvalMetrics m : out) {
      LOG.info(
          "{}{}: accuracy {} over {} pairs",
          m.getEvalSet(),
          m.getFlipFusion() ? " (flip fusion)" : "",
          String.format(Locale.ROOT, "%.4f ± %.4f", m.getAccuracyMean(), m.getAccuracyStd()),
          m.getPairs());
    }
    return out;
  }
}
