package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.tf.OneDnn;
import io.lfsbeam.train.backbone.BackboneConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * oneDNN is really in effect in a JVM that trains: the traced step ran TensorFlow's oneDNN kernels
 * ({@code _Mkl...}), unless the environment opted out with {@code TF_ENABLE_ONEDNN_OPTS=0}, and
 * child processes inherit the same setting.
 */
class OneDnnKernelsTest {
  private static final int CLASSES = 8;

  @Test
  void trainingStepRunsOneDnnKernelsUnlessOptedOut() {
    InMemoryTrainingData data = SyntheticFaces.make(CLASSES, 2, 112, 41);
    Batch batch = new BatchAssembler(data, 16, 1, false).next(data.epoch(1, 0), 0, 0);
    try (Trainer t =
        Trainer.builder()
            .setBackbone(BackboneConfig.tiny())
            .setLoss(TestLosses.cosFace(CLASSES, 16f, 0.2f))
            .setNumClasses(CLASSES)
            .optDevice(Device.cpu())
            .build()) {
      StepProfile p = t.profileStep(batch);
      assertTrue(p.ranKernel("Conv2D") || p.ranKernel("_Mkl"), "the profile sees the convolutions");
      assertEquals(
          OneDnn.enabled(),
          p.ranKernel("_MklNativeConv2D") || p.ranKernel("_MklNativeFusedConv2D"),
          OneDnn.describe() + " but the step ran " + p.kernels());
      assertEquals(1, t.step(), "a profiled step is a step");
    }
  }

  @Test
  void childProcessesGetTheSameSetting() {
    Map<String, String> env = new HashMap<>();
    OneDnn.childEnvironment(env);
    assertEquals(OneDnn.value(), env.get(OneDnn.VARIABLE));
    if (System.getenv(OneDnn.VARIABLE) == null) {
      assertEquals("1", env.get(OneDnn.VARIABLE), "on by default");
    }
  }
}
