package io.lfsbeam.pipelines;

import java.util.Comparator;
import java.util.StringJoiner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the display data of a pipeline's top-level lfs-beam composites where Flink's web UI shows
 * it.
 *
 * <p>Beam's FlinkRunner (2.70, batch) names each Flink operator after its transform and shows no
 * display data: neither the job plan ({@code /jobs/<id>/plan}) nor the vertex details carry it.
 * What it does show is every pipeline option, as the job's user configuration ({@code
 * /jobs/<id>/config}, the dashboard's Configuration tab). So before {@code run()} this collects
 * {@code DisplayData.from(transform)} of each top-level {@code io.lfsbeam} composite (the search
 * rounds, the final evaluation, the evaluation, the preprocess path) into one hidden option, {@code
 * transformSettings}: {@code Rounds[backbone=tiny, ..., rounds=4, ...] Finalize[..., model=...,
 * ...]}.
 */
public final class TransformSettings {
  private static final Logger LOG = LoggerFactory.getLogger(TransformSettings.class);

  /** The hidden option the settings travel in; set by {@link #publish}, not by users. */
  public interface Options extends PipelineOptions {
    @Hidden
    @Description("Set by lfs before a run: the display data of the pipeline's composite transforms")
    String getTransformSettings();

    void setTransformSettings(String value);
  }

  private TransformSettings() {}

  /** Records the settings of {@code p}'s top-level lfs-beam composites on its options. */
  public static String publish(Pipeline p) {
    StringJoiner all = new StringJoiner(" ");
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (!node.isRootNode()
                && node.getEnclosingNode().isRootNode()
                && node.getTransform().getClass().getName().startsWith("io.lfsbeam.")) {
              String items = describe(DisplayData.from(node.getTransform()));
              if (!items.isEmpty()) {
                all.add(node.getFullName() + "[" + items + "]");
              }
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }
        });
    String text = all.toString();
    p.getOptions().as(Options.class).setTransformSettings(text);
    LOG.debug("transform settings: {}", text);
    return text;
  }

  /** {@code key=value} in key order (display data is a set; the order makes runs comparable). */
  private static String describe(DisplayData data) {
    StringJoiner j = new StringJoiner(", ");
    data.items().stream()
        .sorted(Comparator.comparing(DisplayData.Item::getKey))
        .forEach(i -> j.add(i.getKey() + "=" + i.getValue()));
    return j.toString();
  }
}
