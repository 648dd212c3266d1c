package io.lfsbeam.evaluate;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.TextFiles;
import io.lfsbeam.report.BenchmarkTable;
import io.lfsbeam.schemas.EvalMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The metrics of one model on several evaluation sets (each with and without flip fusion, as {@code
 * evaluate --bins} makes them) written together under one folder:
 *
 * <pre>
 *   metrics.avro   one EvalMetrics per set and variant (evalSet = the set, flipFusion = the variant)
 *   summary.md     one row per set and variant ({@link BenchmarkTable}); also this transform's output
 * </pre>
 *
 * Rows follow the order of the set names given, the plain variant before the flip-fused one.
 */
public final class WriteBenchmarks
    extends PTransform<PCollection<EvalMetrics>, PCollection<String>> {
  private final String output;
  private final List<String> order;

  private WriteBenchmarks(String output, List<String> order) {
    this.output = output.endsWith("/") ? output.substring(0, output.length() - 1) : output;
    this.order = List.copyOf(order);
  }

  /**
   * @param setOrder evaluation set names in the order their rows should appear
   */
  public static WriteBenchmarks to(String outputDir, List<String> setOrder) {
    return new WriteBenchmarks(outputDir, setOrder);
  }

  @Override
  public PCollection<String> expand(PCollection<EvalMetrics> metrics) {
    PCollectionView<List<EvalMetrics>> all = metrics.apply("AllSets", View.asList());
    return metrics
        .getPipeline()
        .apply("Once", Create.of(output))
        .apply("Write", ParDo.of(new WriteFn(order, all)).withSideInputs(all))
        .setCoder(StringUtf8Coder.of());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("output", output).withLabel("output folder"))
        .add(DisplayData.item("sets", String.join(",", order)).withLabel("evaluation sets"));
  }

  /** Metrics in report order: by the set's position in {@code order}, plain before flip. */
  public static List<EvalMetrics> sorted(List<EvalMetrics> metrics, List<String> order) {
    List<EvalMetrics> out = new ArrayList<>(metrics);
    out.sort(
        Comparator.<EvalMetrics>comparingInt(
                m -> {
                  int i = order.indexOf(m.getEvalSet().toString());
                  return i < 0 ? order.size() : i;
                })
            .thenComparing(m -> m.getEvalSet().toString())
            .thenComparing(EvalMetrics::getFlipFusion));
    return out;
  }

  /** summary.md of a model on several sets. */
  public static String summary(String modelUri, List<EvalMetrics> sorted) {
    return "# Evaluation of "
        + modelUri
        + " on "
        + sorted.stream().map(m -> m.getEvalSet().toString()).distinct().toList().size()
        + " verification sets\n\n"
        + BenchmarkTable.markdown(sorted)
        + "\nAccuracy: 10-fold protocol (threshold chosen on 9 folds, accuracy on the 10th; ± is"
        + " the population std over folds). Flip fusion: each face embedded as image + horizontal"
        + " mirror, raw embeddings summed, then L2-normalised (insightface's test-time flip)."
        + " Per-set ROC (roc.tsv, roc.png) and summary in <set>/ and <set>-flip/.\n";
  }

  private static final class WriteFn extends DoFn<String, String> {
    private final List<String> order;
    private final PCollectionView<List<EvalMetrics>> all;

    WriteFn(List<String> order, PCollectionView<List<EvalMetrics>> all) {
      this.order = order;
      this.all = all;
    }

    @ProcessElement
    public void process(ProcessContext c) throws Exception {
      String dir = c.element();
      List<EvalMetrics> sorted = sorted(c.sideInput(all), order);
      if (sorted.isEmpty()) {
        throw new IllegalStateException("no evaluation produced metrics");
      }
      AvroFiles.write(dir + "/metrics.avro", EvalMetrics.getClassSchema(), sorted);
      String md = summary(sorted.get(0).getModelUri().toString(), sorted);
      TextFiles.write(dir + "/summary.md", md);
      c.output(md);
    }
  }
}
