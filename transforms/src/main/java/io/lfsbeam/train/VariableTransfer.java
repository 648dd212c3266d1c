package io.lfsbeam.train;

import io.lfsbeam.train.backbone.ParamStore;
import io.lfsbeam.train.checkpoint.Checkpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Moves variable values between Java arrays and a session, in groups so that a large model (IR-50
 * with momentum slots: ~90 M floats) never needs all of its values in native memory twice.
 */
final class VariableTransfer {
  private static final long GROUP_VALUES = 16L << 20;

  private VariableTransfer() {}

  /** Assigns {@code values.apply(p)} to every variable in {@code params}. */
  static void assign(
      Session session, List<ParamStore.Param> params, Function<ParamStore.Param, float[]> values) {
    for (List<ParamStore.Param> group : groups(params)) {
      List<TFloat32> tensors = new ArrayList<>();
      try {
        Session.Runner runner = session.runner();
        for (ParamStore.Param p : group) {
          float[] v = values.apply(p);
          if (v.length != p.size()) {
            throw new IllegalArgumentException(
                "variable " + p.name() + " needs " + p.size() + " values, got " + v.length);
          }
          TFloat32 t = TFloat32.tensorOf(Shape.of(p.shape()), DataBuffers.of(v, true, false));
          tensors.add(t);
          runner.feed(p.feed(), t).addTarget(p.assign());
        }
        runner.run();
      } finally {
        tensors.forEach(TFloat32::close);
      }
    }
  }

  /** The current values of {@code params}, by name, in order. */
  static Map<String, Checkpoint.Tensor> fetch(Session session, List<ParamStore.Param> params) {
    Map<String, Checkpoint.Tensor> out = new LinkedHashMap<>();
    for (List<ParamStore.Param> group : groups(params)) {
      Session.Runner runner = session.runner();
      for (ParamStore.Param p : group) {
        runner.fetch(p.read());
      }
      try (Result result = runner.run()) {
        for (int i = 0; i < group.size(); i++) {
          ParamStore.Param p = group.get(i);
          float[] v = new float[p.size()];
          ((TFloat32) result.get(i)).read(DataBuffers.of(v, false, false));
          out.put(p.name(), new Checkpoint.Tensor(p.shape(), v));
        }
      }
    }
    return out;
  }

  private static List<List<ParamStore.Param>> groups(List<ParamStore.Param> params) {
    List<List<ParamStore.Param>> groups = new ArrayList<>();
    List<ParamStore.Param> current = new ArrayList<>();
    long size = 0;
    for (ParamStore.Param p : params) {
      if (!current.isEmpty() && size + p.size() > GROUP_VALUES) {
        groups.add(current);
        current = new ArrayList<>();
        size = 0;
      }
      current.add(p);
      size += p.size();
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    return groups;
  }
}
