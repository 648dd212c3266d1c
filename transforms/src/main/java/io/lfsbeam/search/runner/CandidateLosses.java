package io.lfsbeam.search.runner;

import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.train.loss.GraphLoss;
import io.lfsbeam.train.loss.GraphLossFactory;
import io.lfsbeam.train.loss.GraphLosses;
import io.lfsbeam.train.loss.PoisonedLoss;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * A candidate's loss as a trainer {@link GraphLoss}, also rebuildable in a child JVM from text
 * parameters (family name and the {@link LossParams} record as Avro JSON).
 */
public final class CandidateLosses implements GraphLossFactory {
  static final String FAMILY = "family";
  static final String PARAMS = "params";
  static final String POISON = "poison";

  /** Text parameters naming the candidate's loss ({@code poison} makes it NaN: the fault hook). */
  static Map<String, String> params(LossCandidate c, boolean poison) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(FAMILY, c.getFamily().name());
    m.put(PARAMS, toJson(c.getParams()));
    m.put(POISON, Boolean.toString(poison));
    return m;
  }

  /**
   * Avro's JSON encoding (unions tagged), which {@link #create} decodes; {@code toString()} is not
   * decodable.
   */
  static String toJson(LossParams p) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JsonEncoder enc = EncoderFactory.get().jsonEncoder(LossParams.getClassSchema(), out);
      new SpecificDatumWriter<>(LossParams.class).write(p, enc);
      enc.flush();
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The loss of a family and its parameters as a trainer loss (the head is normalised unless it is
   * plain softmax).
   */
  public static GraphLoss of(LossFamily family, LossParams params) {
    return of(family, params, false);
  }

  static GraphLoss of(LossFamily family, LossParams params, boolean poison) {
    GraphLoss loss = GraphLosses.of(family, params);
    return poison ? new PoisonedLoss(loss) : loss;
  }

  @Override
  public GraphLoss create(Map<String, String> params) {
    try {
      LossParams p =
          new SpecificDatumReader<>(LossParams.class)
              .read(
                  null,
                  DecoderFactory.get()
                      .jsonDecoder(LossParams.getClassSchema(), params.get(PARAMS)));
      return of(
          LossFamily.valueOf(params.get(FAMILY)),
          p,
          Boolean.parseBoolean(params.getOrDefault(POISON, "false")));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read loss parameters " + params.get(PARAMS) + ": " + e.getMessage(), e);
    }
  }
}
