package io.lfsbeam.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class TensorFlowEngineTest {

  @Test
  void loadsOfflineAndRunsAGraphOp() {
    Engine engine = TensorFlowEngine.load();
    assertEquals("TensorFlow", engine.getEngineName());
    assertSame(engine, TensorFlowEngine.load(), "loading is idempotent");
    assertEquals("true", System.getProperty("ai.djl.offline"));

    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
      var y = tf.math.add(tf.math.mul(x, tf.constant(2f)), tf.constant(1f));
      try (TFloat32 in = TFloat32.vectorOf(1f, 2f, -3f);
          TFloat32 out = (TFloat32) s.runner().feed(x, in).fetch(y).run().get(0)) {
        float[] got = new float[3];
        for (int i = 0; i < 3; i++) {
          got[i] = out.getFloat(i);
        }
        assertArrayEquals(new float[] {3f, 5f, -5f}, got);
      }
    }
  }
}
