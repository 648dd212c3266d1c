package io.lfsbeam.search.runner;

import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.train.LossGraph;
import io.lfsbeam.train.LossGraphFactory;
import io.lfsbeam.train.loss.GraphLoss;
import io.lfsbeam.train.loss.GraphLosses;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A candidate's loss as a trainer {@link LossGraph}, also rebuildable in a child JVM from text
 * parameters (family name and the {@link LossParams} record as Avro JSON).
 */
public final class CandidateLosses implements LossGraphFactory {
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

  /** Avro's JSON encoding (unions tagged), which {@link #create} decodes; {@code toString()} is not decodable. */
  static String toJson(LossParams p) {
    try {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      org.apache.avro.io.JsonEncoder enc = org.apache.avro.io.EncoderFactory.get().jsonEncoder(LossParams.getClassSchema(), out);
      new org.apache.avro.specific.SpecificDatumWriter<>(LossParams.class).write(p, enc);
      enc.flush();
      return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The loss of a family and its parameters as a trainer loss (the head is normalised unless it is plain softmax). */
  public static LossGraph of(LossFamily family, LossParams params) {
    return of(family, params, false);
  }

  static LossGraph of(LossFamily family, LossParams params, boolean poison) {
    GraphLoss loss = GraphLosses.of(family, params);
    boolean normalized = loss.requiresNormalizedInput();
    return new LossGraph() {
      @Override
      public org.tensorflow.Operand<TFloat32> perSample(Ops tf, org.tensorflow.Operand<TFloat32> cos,
          org.tensorflow.Operand<org.tensorflow.types.TInt32> labels, org.tensorflow.Operand<org.tensorflow.types.TInt64> step) {
        org.tensorflow.Operand<TFloat32> l = loss.perSample(tf, cos, labels, step);
        return poison ? tf.math.mul(l, tf.constant(Float.NaN)) : l;
      }

      @Override
      public boolean normalized() {
        return normalized;
      }
    };
  }

  @Override
  public LossGraph create(Map<String, String> params) {
    try {
      LossParams p = new SpecificDatumReader<>(LossParams.class).read(null,
          DecoderFactory.get().jsonDecoder(LossParams.getClassSchema(), params.get(PARAMS)));
      return of(LossFamily.valueOf(params.get(FAMILY)), p, Boolean.parseBoolean(params.getOrDefault(POISON, "false")));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read loss parameters " + params.get(PARAMS) + ": " + e.getMessage(), e);
    }
  }
}
