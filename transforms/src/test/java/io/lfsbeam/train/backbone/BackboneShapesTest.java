package io.lfsbeam.train.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lfsbeam.tf.TensorFlowEngine;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Each preset builds, has the declared depth, and maps [N, 112, 112, 3] to [N, embedding]. */
class BackboneShapesTest {
  @BeforeAll
  static void loadTensorFlow() {
    TensorFlowEngine.load();
  }

  /**
   * Builds the inference path; returns the static output shape, and runs it on {@code run} images
   * if > 0.
   */
  private static long[] build(BackboneConfig config, int run, int[] convKernels) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ParamStore params = new ParamStore(tf);
      Placeholder<TFloat32> in =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 112, 112, 3)));
      Operand<TFloat32> emb =
          ResidualBackbone.embedding(config, new Layers(params, false, 0.9f, 1e-5f, null), in);
      assertEquals(
          Arrays.toString(new long[] {-1, config.embeddingSize()}),
          Arrays.toString(emb.shape().asArray()),
          config.name());
      convKernels[0] =
          (int)
              params.all().stream()
                  .filter(p -> p.name().contains("conv") && p.name().endsWith("/kernel"))
                  .count();
      if (run <= 0) {
        return emb.shape().asArray();
      }
      try (Session s = new Session(g)) {
        for (ParamStore.Param p : params.all()) {
          try (TFloat32 t =
              TFloat32.tensorOf(
                  Shape.of(p.shape()), DataBuffers.of(p.init().values(1, p.name(), p.size())))) {
            s.runner().feed(p.feed(), t).addTarget(p.assign()).run();
          }
        }
        float[] pixels = new float[run * 112 * 112 * 3];
        Arrays.fill(pixels, 0.1f);
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(run, 112, 112, 3), DataBuffers.of(pixels));
            Result r = s.runner().feed(in, x).fetch(emb).run()) {
          return r.get(0).shape().asArray();
        }
      }
    }
  }

  private static int expectedConvs(BackboneConfig c) {
    int blocks = Arrays.stream(c.blocks()).sum();
    int shortcuts = 0;
    int channels = c.stemChannels();
    for (int w : c.widths()) {
      if (w != channels) {
        shortcuts++;
      }
      channels = w;
    }
    return 1 + 2 * blocks + shortcuts;
  }

  @Test
  void tinyRunsAndOutputsItsEmbedding() {
    int[] convs = new int[1];
    assertEquals(
        Arrays.toString(new long[] {3, 128}),
        Arrays.toString(build(BackboneConfig.tiny(), 3, convs)));
    assertEquals(expectedConvs(BackboneConfig.tiny()), convs[0]);
    assertEquals(4, BackboneConfig.tiny().finalHeight(), "112 / 4 = 28 → 14 → 7 → 4");
  }

  @Test
  void resnet20RunsWith512dEmbedding() {
    int[] convs = new int[1];
    assertEquals(
        Arrays.toString(new long[] {1, 512}),
        Arrays.toString(build(BackboneConfig.resnet20(), 1, convs)));
    assertEquals(1 + 2 * 8 + 3, convs[0], "stem + 8 blocks × 2 + three widening shortcuts");
    assertEquals(7, BackboneConfig.resnet20().finalHeight());
  }

  @Test
  void resnet50BuildsWithTheDeclaredDepth() {
    int[] convs = new int[1];
    BackboneConfig c = BackboneConfig.resnet50().toBuilder().embeddingSize(256).build();
    assertEquals(Arrays.toString(new long[] {-1, 256}), Arrays.toString(build(c, 0, convs)));
    assertEquals(1 + 2 * 24 + 3, convs[0], "stem + 24 blocks × 2 + three widening shortcuts");
  }

  @Test
  void presetsByNameAndValidation() {
    assertEquals("resnet50", BackboneConfig.preset("ResNet50").name());
    assertThrows(IllegalArgumentException.class, () -> BackboneConfig.preset("vgg"));
    assertThrows(
        IllegalArgumentException.class, () -> BackboneConfig.builder("x").downscale(5).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> BackboneConfig.builder("x").stages(new int[] {8, 16}, new int[] {1}).build());
  }
}
