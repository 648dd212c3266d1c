package io.lfsbeam.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.framework.DeviceStepStats;
import org.tensorflow.proto.framework.NodeExecStats;
import org.tensorflow.proto.framework.StepStats;

/**
 * Where one traced training step spent its time, summed per kernel type (TensorFlow's step stats
 * from RunOptions FULL_TRACE). The kernel type is the one that ran, after TensorFlow's graph
 * rewrites: with oneDNN on, a Conv2D runs as {@code _MklNativeConv2D} or a fused {@code
 * _MklNativeFusedConv2D}, which is how {@link #ranKernel} tells whether oneDNN is really in effect.
 *
 * <p>Kernel times are summed over threads, so with several ops running at once their total exceeds
 * the step's wall time; the shares compare kernels with each other.
 */
public final class StepProfile {
  /** One kernel type: how many nodes ran it and their summed op time. */
  public record Kernel(String type, int nodes, double micros) {}

  private final List<Kernel> kernels;
  private final double wallMicros;

  private StepProfile(List<Kernel> kernels, double wallMicros) {
    this.kernels = List.copyOf(kernels);
    this.wallMicros = wallMicros;
  }

  static StepProfile of(StepStats stats, double wallMicros) {
    Map<String, double[]> byType = new LinkedHashMap<>();
    for (DeviceStepStats device : stats.getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        String type = kernelType(node);
        double[] acc = byType.computeIfAbsent(type, k -> new double[2]);
        acc[0]++;
        acc[1] += Math.max(0, node.getOpEndRelMicros() - node.getOpStartRelMicros());
      }
    }
    List<Kernel> list = new ArrayList<>();
    byType.forEach((k, v) -> list.add(new Kernel(k, (int) v[0], v[1])));
    list.sort(Comparator.comparingDouble(Kernel::micros).reversed());
    return new StepProfile(list, wallMicros);
  }

  /**
   * The kernel type of a node: its timeline label reads {@code "name = Type(inputs)"}; nodes
   * without one (the executor's own bookkeeping) are grouped by name.
   */
  static String kernelType(NodeExecStats node) {
    String label = node.getTimelineLabel();
    int eq = label.indexOf(" = ");
    if (eq >= 0) {
      int open = label.indexOf('(', eq);
      return label.substring(eq + 3, open > eq ? open : label.length()).strip();
    }
    return node.getNodeName().startsWith("_") ? node.getNodeName() : "(" + node.getNodeName() + ")";
  }

  /** Kernel types, the most expensive first. */
  public List<Kernel> kernels() {
    return kernels;
  }

  /** Summed op time of every kernel, microseconds. */
  public double totalMicros() {
    return kernels.stream().mapToDouble(Kernel::micros).sum();
  }

  /** Wall time of the traced step (tracing adds a little), microseconds. */
  public double wallMicros() {
    return wallMicros;
  }

  /** Whether some node ran a kernel whose type starts with {@code prefix}. */
  public boolean ranKernel(String prefix) {
    return kernels.stream().anyMatch(k -> k.type().startsWith(prefix));
  }
}
