package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.framework.DeviceStepStats;
import org.tensorflow.proto.framework.NodeExecStats;
import org.tensorflow.proto.framework.StepStats;

/** Step stats summed per kernel type, the type read from TensorFlow's timeline label. */
class StepProfileTest {
  private static NodeExecStats node(String name, String label, long start, long end) {
    return NodeExecStats.newBuilder()
        .setNodeName(name)
        .setTimelineLabel(label)
        .setOpStartRelMicros(start)
        .setOpEndRelMicros(end)
        .build();
  }

  @Test
  void kernelsAreSummedPerTypeMostExpensiveFirst() {
    StepStats stats =
        StepStats.newBuilder()
            .addDevStats(
                DeviceStepStats.newBuilder()
                    .addNodeStats(node("c1", "c1 = _MklNativeConv2D(x, w)", 0, 300))
                    .addNodeStats(node("m", "m = Mul(a, b)", 10, 60))
                    .addNodeStats(node("c2", "c2 = _MklNativeConv2D(m, w2)", 5, 105))
                    .addNodeStats(node("_SOURCE", "", 0, 1)))
            .build();
    StepProfile p = StepProfile.of(stats, 500);
    assertEquals(3, p.kernels().size());
    assertEquals(new StepProfile.Kernel("_MklNativeConv2D", 2, 400), p.kernels().get(0));
    assertEquals(new StepProfile.Kernel("Mul", 1, 50), p.kernels().get(1));
    assertEquals("_SOURCE", p.kernels().get(2).type(), "no label: grouped by node name");
    assertEquals(451, p.totalMicros(), 1e-9);
    assertEquals(500, p.wallMicros(), 1e-9);
    assertTrue(p.ranKernel("_MklNative"));
    assertFalse(p.ranKernel("Conv2D"));
  }
}
