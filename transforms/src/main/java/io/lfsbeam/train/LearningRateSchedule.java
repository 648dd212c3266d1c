package io.lfsbeam.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Learning rate as a function of the global optimiser step (pure Java, fed to the graph each step).
 *
 * <p>Constant, multi-step (×gamma at each milestone) or cosine (from base to a floor over a number
 * of steps), each optionally preceded by a linear warm-up. Has a one-line text form, {@link
 * #toSpec()} / {@link #parse(String)}, so a child process can receive it: {@code constant:0.1},
 * {@code multistep:0.1:0.1:400,800,1000}, {@code cosine:0.1:2000:0.0}, each optionally followed by
 * {@code ;warmup:100:0.1}.
 */
public final class LearningRateSchedule {
  private enum Kind {
    CONSTANT,
    MULTISTEP,
    COSINE
  }

  private final Kind kind;
  private final double base;
  private final double gamma;
  private final long[] milestones;
  private final long totalSteps;
  private final double floor;
  private final long warmupSteps;
  private final double warmupStartFactor;

  private LearningRateSchedule(
      Kind kind,
      double base,
      double gamma,
      long[] milestones,
      long totalSteps,
      double floor,
      long warmupSteps,
      double warmupStartFactor) {
    if (!(base > 0) || Double.isInfinite(base)) {
      throw new IllegalArgumentException("base learning rate must be positive: " + base);
    }
    this.kind = kind;
    this.base = base;
    this.gamma = gamma;
    this.milestones = milestones;
    this.totalSteps = totalSteps;
    this.floor = floor;
    this.warmupSteps = warmupSteps;
    this.warmupStartFactor = warmupStartFactor;
  }

  public static LearningRateSchedule constant(double lr) {
    return new LearningRateSchedule(Kind.CONSTANT, lr, 1, new long[0], 0, 0, 0, 1);
  }

  /** lr = base·gamma^(number of milestones ≤ step); milestones in steps, ascending. */
  public static LearningRateSchedule multiStep(double base, double gamma, long... milestones) {
    long[] sorted = milestones.clone();
    Arrays.sort(sorted);
    return new LearningRateSchedule(Kind.MULTISTEP, base, gamma, sorted, 0, 0, 0, 1);
  }

  /** Half-cosine from base at step 0 to floor at totalSteps (and floor after). */
  public static LearningRateSchedule cosine(double base, long totalSteps, double floor) {
    if (totalSteps <= 0) {
      throw new IllegalArgumentException("cosine schedule needs totalSteps > 0");
    }
    return new LearningRateSchedule(Kind.COSINE, base, 1, new long[0], totalSteps, floor, 0, 1);
  }

  /**
   * The same schedule, but ramping linearly from startFactor·rate to the rate over the first steps.
   */
  public LearningRateSchedule withWarmup(long steps, double startFactor) {
    if (steps < 0 || startFactor < 0) {
      throw new IllegalArgumentException("warm-up steps and start factor must be non-negative");
    }
    return new LearningRateSchedule(
        kind, base, gamma, milestones, totalSteps, floor, steps, startFactor);
  }

  /** The learning rate for the optimiser step with this (0-based) index. */
  public double rate(long step) {
    double lr;
    switch (kind) {
      case MULTISTEP:
        lr = base;
        for (long m : milestones) {
          if (step >= m) {
            lr *= gamma;
          }
        }
        break;
      case COSINE:
        double t = Math.min(1.0, Math.max(0.0, (double) step / totalSteps));
        lr = floor + (base - floor) * 0.5 * (1 + Math.cos(Math.PI * t));
        break;
      default:
        lr = base;
    }
    if (step < warmupSteps) {
      double f = warmupStartFactor + (1 - warmupStartFactor) * ((double) step / warmupSteps);
      lr *= f;
    }
    return lr;
  }

  public String toSpec() {
    StringBuilder sb = new StringBuilder();
    switch (kind) {
      case MULTISTEP:
        sb.append("multistep:").append(base).append(':').append(gamma).append(':');
        for (int i = 0; i < milestones.length; i++) {
          sb.append(i == 0 ? "" : ",").append(milestones[i]);
        }
        break;
      case COSINE:
        sb.append("cosine:").append(base).append(':').append(totalSteps).append(':').append(floor);
        break;
      default:
        sb.append("constant:").append(base);
    }
    if (warmupSteps > 0) {
      sb.append(";warmup:").append(warmupSteps).append(':').append(warmupStartFactor);
    }
    return sb.toString();
  }

  /** Inverse of {@link #toSpec()}. */
  public static LearningRateSchedule parse(String spec) {
    String[] parts = spec.trim().split(";");
    String[] f = parts[0].split(":", -1);
    LearningRateSchedule s;
    try {
      switch (f[0].toLowerCase(Locale.ROOT)) {
        case "constant":
          s = constant(Double.parseDouble(f[1]));
          break;
        case "multistep":
          List<Long> ms = new ArrayList<>();
          if (f.length > 3 && !f[3].isEmpty()) {
            for (String m : f[3].split(",")) {
              ms.add(Long.parseLong(m.trim()));
            }
          }
          s =
              multiStep(
                  Double.parseDouble(f[1]),
                  Double.parseDouble(f[2]),
                  ms.stream().mapToLong(Long::longValue).toArray());
          break;
        case "cosine":
          s =
              cosine(
                  Double.parseDouble(f[1]),
                  Long.parseLong(f[2]),
                  f.length > 3 ? Double.parseDouble(f[3]) : 0);
          break;
        default:
          throw new IllegalArgumentException("unknown schedule kind '" + f[0] + "'");
      }
      for (int i = 1; i < parts.length; i++) {
        String[] w = parts[i].split(":");
        if (!w[0].equalsIgnoreCase("warmup")) {
          throw new IllegalArgumentException("unknown schedule modifier '" + w[0] + "'");
        }
        s = s.withWarmup(Long.parseLong(w[1]), w.length > 2 ? Double.parseDouble(w[2]) : 0);
      }
    } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
      throw new IllegalArgumentException("malformed learning-rate schedule '" + spec + "'", e);
    }
    return s;
  }

  @Override
  public String toString() {
    return toSpec();
  }
}
