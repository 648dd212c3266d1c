package io.lfsbeam.train.loss.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lfsbeam.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the independent loss test vectors ({@code ../shared/testvectors/losses.json}), so the
 * reference losses here and the TensorFlow graph losses can be checked against the same oracle.
 *
 * <p>The values are read in place, never copied into the repository.
 */
public final class LossVectors {
  /** Path of the vectors under the shared folder. */
  private LossVectors() {}

  /**
   * One case of the file.
   *
   * @param index position in {@code cases[]}, for messages
   * @param loss normface, cosface, arcface, combined, sphereface, modulated, modulated_local, amlfs
   * @param params scalar params as {@link Double}, list params (a_bins, alpha, beta) as {@code
   *     double[]}
   * @param cos N×K cosines
   * @param labels N true classes
   * @param perSampleLoss N expected losses
   * @param gradSum N×K expected gradient of the summed loss w.r.t. cos
   */
  public record Case(
      int index,
      String loss,
      Map<String, Object> params,
      double[][] cos,
      int[] labels,
      double[] perSampleLoss,
      double[][] gradSum) {

    /** A scalar parameter, failing with the case name when it is missing or a list. */
    public double scalar(String name) {
      Object v = params.get(name);
      if (!(v instanceof Double d)) {
        throw new IllegalArgumentException(
            this + ": no scalar param '" + name + "' in " + params.keySet());
      }
      return d;
    }

    /** A list parameter, failing with the case name when it is missing or a scalar. */
    public double[] vector(String name) {
      Object v = params.get(name);
      if (!(v instanceof double[] d)) {
        throw new IllegalArgumentException(
            this + ": no list param '" + name + "' in " + params.keySet());
      }
      return d.clone();
    }

    /**
     * Short name for test displays and failure messages, e.g. {@code case 3 arcface {s=30.0,
     * m=0.5}}.
     */
    @Override
    public String toString() {
      StringBuilder p = new StringBuilder();
      for (Map.Entry<String, Object> e : params.entrySet()) {
        if (p.length() > 0) {
          p.append(", ");
        }
        Object v = e.getValue();
        p.append(e.getKey()).append('=').append(v instanceof double[] d ? Arrays.toString(d) : v);
      }
      return "case " + index + " " + loss + " {" + p + "}";
    }
  }

  /** All cases of the copied test vectors. */
  public static List<Case> load() {
    return read(SharedData.testVector("losses.json"));
  }

  /** All cases of a file in the losses.json format. */
  public static List<Case> read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<Case> cases = new ArrayList<>();
    JsonNode array = root.path("cases");
    for (int i = 0; i < array.size(); i++) {
      JsonNode c = array.get(i);
      cases.add(
          new Case(
              i,
              c.path("loss").asText(),
              params(c.path("params")),
              matrix(c.path("cos")),
              ints(c.path("labels")),
              doubles(c.path("per_sample_loss")),
              matrix(c.path("grad_sum_wrt_cos"))));
    }
    return Collections.unmodifiableList(cases);
  }

  private static Map<String, Object> params(JsonNode node) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(
          e.getKey(),
          e.getValue().isArray() ? doubles(e.getValue()) : (Object) e.getValue().asDouble());
    }
    return Collections.unmodifiableMap(out);
  }

  private static double[] doubles(JsonNode node) {
    double[] out = new double[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asDouble();
    }
    return out;
  }

  private static int[] ints(JsonNode node) {
    int[] out = new int[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asInt();
    }
    return out;
  }

  private static double[][] matrix(JsonNode node) {
    double[][] out = new double[node.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = doubles(node.get(i));
    }
    return out;
  }
}
