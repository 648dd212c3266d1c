package io.lfsbeam.train.backbone;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How a variable starts, computed in Java rather than by TensorFlow random ops so that the values
 * depend only on (seed, variable name): every candidate of a search round can start from the same
 * weights, and a graph rebuilt with more layers does not shift the others' values.
 */
public final class Init {
  private enum Kind {
    CONSTANT,
    NORMAL
  }

  private final Kind kind;
  private final float value;

  private Init(Kind kind, float value) {
    this.kind = kind;
    this.value = value;
  }

  public static Init constant(float value) {
    return new Init(Kind.CONSTANT, value);
  }

  public static Init zeros() {
    return constant(0f);
  }

  public static Init ones() {
    return constant(1f);
  }

  /** Zero-mean normal with this standard deviation. */
  public static Init normal(float std) {
    return new Init(Kind.NORMAL, std);
  }

  /** He (Kaiming) normal for layers followed by a (P)ReLU: std = sqrt(2 / fanIn). */
  public static Init heNormal(long fanIn) {
    return normal((float) Math.sqrt(2.0 / fanIn));
  }

  /** The values for a variable of {@code count} elements, deterministic in (seed, name). */
  public float[] values(long seed, String name, int count) {
    float[] out = new float[count];
    if (kind == Kind.CONSTANT) {
      if (value != 0f) {
        Arrays.fill(out, value);
      }
      return out;
    }
    SplittableRandom random = new SplittableRandom(mix(seed, name));
    for (int i = 0; i < count; i++) {
      out[i] = (float) (gaussian(random) * value);
    }
    return out;
  }

  /** Stable across JVMs: String.hashCode is specified, and the mix spreads nearby seeds apart. */
  static long mix(long seed, String name) {
    long h = seed * 0x9E3779B97F4A7C15L + name.hashCode();
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  /** Box–Muller from SplittableRandom (java.util.Random#nextGaussian needs a Random instance). */
  private static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  @Override
  public String toString() {
    return kind == Kind.CONSTANT ? "constant(" + value + ")" : "normal(std=" + value + ")";
  }
}
