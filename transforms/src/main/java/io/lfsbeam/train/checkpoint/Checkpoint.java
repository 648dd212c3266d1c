package io.lfsbeam.train.checkpoint;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything needed to continue training: every variable by name (weights, BatchNorm moving
 * statistics, momentum slots) with its shape, the optimiser step and free-form metadata (backbone,
 * number of classes, completed epochs...). Immutable; arrays are not copied.
 */
public final class Checkpoint {
  /** One named float array. */
  public static final class Tensor {
    private final long[] shape;
    private final float[] values;

    public Tensor(long[] shape, float[] values) {
      long n = 1;
      for (long d : shape) {
        if (d < 0) {
          throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
        }
        n *= d;
      }
      if (n != values.length) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + values.length);
      }
      this.shape = shape.clone();
      this.values = values;
    }

    public long[] shape() {
      return shape.clone();
    }

    public float[] values() {
      return values;
    }
  }

  private final long step;
  private final Map<String, String> metadata;
  private final Map<String, Tensor> tensors;

  public Checkpoint(long step, Map<String, String> metadata, Map<String, Tensor> tensors) {
    this.step = step;
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  public long step() {
    return step;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  /** Tensors in insertion order. */
  public Map<String, Tensor> tensors() {
    return tensors;
  }

  public Tensor tensor(String name) {
    return tensors.get(name);
  }

  /** Total float count (×4 for bytes on disk). */
  public long totalValues() {
    long n = 0;
    for (Tensor t : tensors.values()) {
      n += t.values.length;
    }
    return n;
  }
}
