package io.lfsbeam.train.backbone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Every float variable of a graph, by name, with what the optimiser and the checkpoint need to
 * know.
 *
 * <p>Each variable is read through {@code tf.identity(var)}: feeding a ref variable straight into
 * ops and differentiating crashes the native runtime (see STACK.md), so gradients are taken with
 * respect to {@link Param#read()} and the {@link Param#variable()} itself goes to ApplyMomentum.
 * Each variable also gets a placeholder and an assign op, which is how it is initialised (values
 * from {@link Init}) and restored (values from a checkpoint): there is no TensorFlow initialiser.
 *
 * <p>Asking twice for the same name returns the same variable, which is how the training and the
 * inference paths of one graph share weights.
 */
public final class ParamStore {
  /** What a variable is, which decides whether it is trained and decayed. */
  public enum Kind {
    /** Conv and dense kernels, class weights: trained and weight-decayed. */
    WEIGHT(true, true),
    /** Dense biases: trained, not decayed. */
    BIAS(true, false),
    /** BatchNorm gamma/beta: trained, not decayed. */
    BN_AFFINE(true, false),
    /** BatchNorm moving mean/variance: updated by moving averages, not by gradients. */
    BN_MOVING(false, false),
    /** PReLU slopes: trained, not decayed. */
    PRELU(true, false),
    /** Optimiser state, e.g. momentum accumulators. */
    SLOT(false, false),
    /**
     * A loss's running state (CurricularFace's t, AdaFace's mean and std of the norms): written by
     * the loss's own update each step, saved and restored with the weights.
     */
    LOSS_STATE(false, false);

    private final boolean trainable;
    private final boolean decayed;

    Kind(boolean trainable, boolean decayed) {
      this.trainable = trainable;
      this.decayed = decayed;
    }

    public boolean trainable() {
      return trainable;
    }

    public boolean decayed() {
      return decayed;
    }
  }

  /** One variable with its read, feed and assign ops. */
  public static final class Param {
    private final String name;
    private final long[] shape;
    private final Kind kind;
    private final Init init;
    private final Variable<TFloat32> variable;
    private final Operand<TFloat32> read;
    private final Placeholder<TFloat32> feed;
    private final Assign<TFloat32> assign;

    private Param(
        String name,
        long[] shape,
        Kind kind,
        Init init,
        Variable<TFloat32> variable,
        Operand<TFloat32> read,
        Placeholder<TFloat32> feed,
        Assign<TFloat32> assign) {
      this.name = name;
      this.shape = shape;
      this.kind = kind;
      this.init = init;
      this.variable = variable;
      this.read = read;
      this.feed = feed;
      this.assign = assign;
    }

    public String name() {
      return name;
    }

    public long[] shape() {
      return shape.clone();
    }

    public Kind kind() {
      return kind;
    }

    public Init init() {
      return init;
    }

    public Variable<TFloat32> variable() {
      return variable;
    }

    /** The value as a plain (non-ref) tensor: use this in every op, and for gradients. */
    public Operand<TFloat32> read() {
      return read;
    }

    /** Placeholder holding a new value for {@link #assign()}. */
    public Placeholder<TFloat32> feed() {
      return feed;
    }

    public Assign<TFloat32> assign() {
      return assign;
    }

    public int size() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return Math.toIntExact(n);
    }
  }

  private final Ops tf;
  private final Map<String, Param> params = new LinkedHashMap<>();

  public ParamStore(Ops tf) {
    this.tf = tf;
  }

  public Ops ops() {
    return tf;
  }

  /**
   * The read of variable {@code name}, creating it on first use; later calls must agree on shape
   * and kind.
   */
  public Operand<TFloat32> get(String name, long[] shape, Kind kind, Init init) {
    return param(name, shape, kind, init).read();
  }

  public Param param(String name, long[] shape, Kind kind, Init init) {
    Param existing = params.get(name);
    if (existing != null) {
      if (!Arrays.equals(existing.shape, shape) || existing.kind != kind) {
        throw new IllegalArgumentException(
            "variable " + name + " redeclared with another shape or kind");
      }
      return existing;
    }
    String op = opName(name);
    Variable<TFloat32> variable = tf.withName(op).variable(Shape.of(shape), TFloat32.class);
    Operand<TFloat32> read = tf.withName(op + ".read").identity(variable);
    Placeholder<TFloat32> feed =
        tf.withName(op + ".new_value")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
    Assign<TFloat32> assign = tf.withName(op + ".assign").assign(variable, feed);
    Param p = new Param(name, shape.clone(), kind, init, variable, read, feed, assign);
    params.put(name, p);
    return p;
  }

  /**
   * The graph op name of a variable: TF Java's {@code withName} rejects '/', and nested sub-scopes
   * would be made unique on reuse, so the path separator becomes '.'.
   */
  public static String opName(String name) {
    return name.replace('/', '.');
  }

  /** The named variable, or null. */
  public Param find(String name) {
    return params.get(name);
  }

  /** All variables in creation order. */
  public List<Param> all() {
    return Collections.unmodifiableList(new ArrayList<>(params.values()));
  }

  /** Variables updated by gradients, in creation order. */
  public List<Param> trainable() {
    List<Param> out = new ArrayList<>();
    for (Param p : params.values()) {
      if (p.kind.trainable()) {
        out.add(p);
      }
    }
    return out;
  }

  /** Total number of float values held, e.g. to estimate memory. */
  public long totalValues() {
    long n = 0;
    for (Param p : params.values()) {
      n += p.size();
    }
    return n;
  }
}
