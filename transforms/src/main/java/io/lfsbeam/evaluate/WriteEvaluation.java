package io.lfsbeam.evaluate;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.TextFiles;
import io.lfsbeam.io.WriteSortedAvro;
import io.lfsbeam.metrics.Roc;
import io.lfsbeam.report.RocPlot;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.FaceEmbedding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Writes an {@link EvaluateModel.Result} under one folder (any Beam filesystem), fixed names so a
 * rerun replaces:
 *
 * <pre>
 *   metrics.avro   one EvalMetrics record
 *   summary.md     the human-readable report (also this transform's output)
 *   roc.tsv        the exact ROC: threshold, far, tar (see {@link RocTsv})
 *   roc.png        the ROC on a log FAR axis (see {@link RocPlot})
 * </pre>
 *
 * and, with {@link #withEmbeddings}, the {@link FaceEmbedding} records as one Avro file sorted by
 * face id (held in memory while written: ~0.7 KB per face at 128-d).
 */
public final class WriteEvaluation extends PTransform<EvaluateModel.Result, PCollection<String>> {
  private final String output;
  private final String embeddingsFile;

  private WriteEvaluation(String output, String embeddingsFile) {
    this.output = output.endsWith("/") ? output.substring(0, output.length() - 1) : output;
    this.embeddingsFile = embeddingsFile;
  }

  public static WriteEvaluation to(String outputDir) {
    return new WriteEvaluation(outputDir, null);
  }

  /** Also writes the embeddings to this Avro file. */
  public WriteEvaluation withEmbeddings(String file) {
    return new WriteEvaluation(output, file);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("output", output).withLabel("Output folder"))
        .addIfNotNull(DisplayData.item("embeddings", embeddingsFile).withLabel("Embeddings file"));
  }

  @Override
  public PCollection<String> expand(EvaluateModel.Result r) {
    if (embeddingsFile != null) {
      ResourceId file = FileSystems.matchNewResource(embeddingsFile, false);
      String dir = file.getCurrentDirectory().toString();
      String name = file.getFilename();
      r.embeddings()
          .apply(
              "WriteEmbeddings",
              WriteSortedAvro.of(FaceEmbedding.class, dir, e -> name, e -> e.getId().toString()));
    }
    PCollectionView<List<ScoredPair>> pairs = r.scoredPairs().apply("ScoresForRoc", View.asList());
    return r.metrics()
        .apply("WriteReport", ParDo.of(new WriteFn(output, pairs)).withSideInputs(pairs))
        .setCoder(StringUtf8Coder.of());
  }

  private static final class WriteFn extends DoFn<EvalMetrics, String> {
    private final String output;
    private final PCollectionView<List<ScoredPair>> pairs;

    WriteFn(String output, PCollectionView<List<ScoredPair>> pairs) {
      this.output = output;
      this.pairs = pairs;
    }

    @ProcessElement
    public void process(ProcessContext c) throws Exception {
      EvalMetrics m = c.element();
      Roc roc = MetricsAssembly.roc(PairScores.of(c.sideInput(pairs)));
      AvroFiles.write(output + "/metrics.avro", EvalMetrics.getClassSchema(), List.of(m));
      String summary = EvalSummary.markdown(m, roc);
      TextFiles.write(output + "/summary.md", summary);
      TextFiles.write(output + "/roc.tsv", RocTsv.format(roc));
      Path png = Files.createTempFile("roc", ".png");
      try {
        RocPlot.write(
            roc,
            "ROC of " + Path.of(m.getModelUri().toString()).getFileName() + " on " + m.getEvalSet(),
            png);
        TextFiles.writeBytes(output + "/roc.png", Files.readAllBytes(png));
      } finally {
        Files.deleteIfExists(png);
      }
      c.output(summary);
    }
  }
}
