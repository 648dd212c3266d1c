package io.lfsbeam.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Options of {@code lfs compare}: every search/training option applies to every method; {@code
 * --mode} and {@code --loss} are set per method.
 */
public interface CompareOptions extends SearchOptions {
  @Description(
      "Methods, comma-separated: softmax, normface, sphereface, cosface, arcface, combined, modulated (a = -e^(s/3)), amlfs, random, search")
  @Default.String("softmax,sphereface,cosface,arcface,amlfs,random,search")
  String getMethods();

  void setMethods(String value);

  @Description("Seeds per method (1..N, offset by --seed)")
  @Default.Integer(3)
  int getSeeds();

  void setSeeds(int value);
}
