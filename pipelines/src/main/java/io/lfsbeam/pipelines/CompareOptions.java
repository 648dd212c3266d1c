package io.lfsbeam.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Options of {@code lfs compare}: every search/training option applies to every method; {@code
 * --mode} and {@code --loss} are set per method.
 */
public interface CompareOptions extends SearchOptions {
  /**
   * The methods of a compare by default: the paper's table (METHOD.md §5), CurricularFace and
   * AdaFace (what a face team would run today instead of a search, at their official settings), the
   * searches and the population control of the best fixed loss.
   */
  String DEFAULT_METHODS =
      "softmax,sphereface,cosface,arcface,curricularface,adaface,amlfs,random,search,population:best";

  @Description(
      "Methods, comma-separated: softmax, normface, sphereface, cosface, arcface, combined, modulated (a = -e^(s/3)), the modern margins curricularface, adaface, magface, elasticface-arc, elasticface-cos, elasticface-arc-plus, elasticface-cos-plus (official defaults, s = 64), amlfs, random, search, population:<loss> (the loss fixed, M candidates per round differing only in data order, best of M: the compute-matched control), population:best (that control for the best fixed loss by validation, old and new; fixed losses run first)")
  @Default.String(DEFAULT_METHODS)
  String getMethods();

  void setMethods(String value);

  @Description("Seeds per method (1..N, offset by --seed)")
  @Default.Integer(3)
  int getSeeds();

  void setSeeds(int value);

  @Description(
      "Method every other one is compared with, seed by seed (paired differences in test accuracy with 95% intervals): a --methods name, or best = the fixed loss (old or modern) with the highest mean validation accuracy")
  @Default.String("best")
  String getReference();

  void setReference(String value);

  @Description(
      "At most this many (method, seed) runs at once (0 = as many as the runner's slots allow: cores in this JVM, a Flink cluster's slots; 1 = one after another). A fixed loss takes one slot, a search M; with --threads=0 each candidate in this JVM gets cores/slots TensorFlow threads")
  @Default.Integer(0)
  int getConcurrentRuns();

  void setConcurrentRuns(int value);
}
