package io.lfsbeam.train;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a training graph runs: {@code auto}, {@code cpu} or {@code gpu[:N]}.
 *
 * <p>{@code auto} becomes GPU 0 when DJL's TensorFlow engine sees a GPU, else CPU; resolve it with
 * {@link #resolve(int)} (pure) or the trainer does it with the engine's GPU count. A resolved
 * device maps to the TensorFlow device string put on every op ({@code /device:CPU:0}, {@code
 * /device:GPU:N}); the session allows soft placement so ops without a GPU kernel fall back to the
 * CPU.
 */
public final class Device {
  public enum Type {
    AUTO,
    CPU,
    GPU
  }

  /** The spec of {@link #auto()}: a GPU when DJL sees one, else the CPU. */
  public static final String AUTO = "auto";

  private final Type type;
  private final int index;

  private Device(Type type, int index) {
    this.type = type;
    this.index = index;
  }

  public static Device auto() {
    return new Device(Type.AUTO, 0);
  }

  public static Device cpu() {
    return new Device(Type.CPU, 0);
  }

  public static Device gpu(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("GPU index must be >= 0");
    }
    return new Device(Type.GPU, index);
  }

  /** Parses {@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N} (case-insensitive). */
  public static Device parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals(AUTO)) {
      return auto();
    }
    if (t.equals("cpu") || t.equals("cpu:0")) {
      return cpu();
    }
    if (t.equals("gpu")) {
      return gpu(0);
    }
    if (t.startsWith("gpu:")) {
      try {
        return gpu(Integer.parseInt(t.substring(4)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad GPU index in device '" + text + "'", e);
      }
    }
    throw new IllegalArgumentException("unknown device '" + text + "' (auto, cpu, gpu[:N])");
  }

  public Type type() {
    return type;
  }

  public int index() {
    return index;
  }

  /** A concrete device given how many GPUs are visible; asking for a missing GPU is an error. */
  public Device resolve(int gpuCount) {
    switch (type) {
      case AUTO:
        return gpuCount > 0 ? gpu(0) : cpu();
      case GPU:
        if (index >= gpuCount) {
          throw new IllegalArgumentException(
              "device " + this + " requested but " + gpuCount + " GPU(s) visible");
        }
        return this;
      default:
        return this;
    }
  }

  /** The TensorFlow device string of a resolved device. */
  public String tensorFlowName() {
    switch (type) {
      case CPU:
        return "/device:CPU:0";
      case GPU:
        return "/device:GPU:" + index;
      default:
        throw new IllegalStateException("resolve 'auto' before asking for a TensorFlow device");
    }
  }

  @Override
  public String toString() {
    return type == Type.GPU ? "gpu:" + index : type.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Device && ((Device) o).type == type && ((Device) o).index == index;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, index);
  }
}
