package io.lfsbeam.train;

import io.lfsbeam.train.backbone.Init;
import io.lfsbeam.train.backbone.ParamStore;
import io.lfsbeam.train.loss.LossState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/**
 * A loss's running state as variables of the training graph ({@link ParamStore.Kind#LOSS_STATE},
 * named {@value #PREFIX}&lt;name&gt;): being variables, they are in every checkpoint the trainer
 * writes and every one it restores, so the state travels with the weights wherever they go (a
 * round's best candidate broadcast to the next round, a candidate resumed from its own checkpoint).
 * Each trainer has its own graph, hence each candidate its own state.
 *
 * <p>The values a loss {@link #write}s are assigned by the training step only, after every gradient
 * has been computed (the reads alias the variables); evaluating a batch's loss leaves the state
 * where it was.
 */
final class LossStateVariables implements LossState {
  static final String PREFIX = "loss/";

  private final Ops tf;
  private final ParamStore params;
  private final Map<String, ParamStore.Param> read = new LinkedHashMap<>();
  private final Map<String, Operand<TFloat32>> written = new LinkedHashMap<>();

  LossStateVariables(Ops tf, ParamStore params) {
    this.tf = tf;
    this.params = params;
  }

  @Override
  public <T extends TFloating> Operand<T> read(String name, double initial, Class<T> type) {
    ParamStore.Param p =
        params.param(
            PREFIX + name, new long[0], ParamStore.Kind.LOSS_STATE, Init.constant((float) initial));
    read.put(name, p);
    return tf.dtypes.cast(p.read(), type);
  }

  @Override
  public <T extends TFloating> void write(String name, Operand<T> value) {
    if (!read.containsKey(name)) {
      throw new IllegalStateException("loss state " + name + " is written but was never read");
    }
    if (written.put(name, tf.dtypes.cast(value, TFloat32.class)) != null) {
      throw new IllegalStateException("loss state " + name + " is written twice in one step");
    }
  }

  /** The assignments of this step's new values, built on {@code after} (the gradients' scope). */
  List<Op> updates(Ops after) {
    List<Op> ops = new ArrayList<>();
    written.forEach((name, value) -> ops.add(after.assign(read.get(name).variable(), value)));
    return ops;
  }

  /** Whether a checkpoint variable name is a loss's state. */
  static boolean isState(String variable) {
    return variable.startsWith(PREFIX);
  }
}
