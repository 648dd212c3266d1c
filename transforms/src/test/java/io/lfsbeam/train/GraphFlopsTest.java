package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lfsbeam.train.backbone.BackboneConfig;
import org.junit.jupiter.api.Test;

/**
 * The FLOPs counted from the training graph equal the textbook count from the layer shapes: 2 · Ho
 * · Wo · k² · Cin · Cout per convolution, 2 · in · out per matrix product, three times that for a
 * training step except the first layer's input gradient.
 */
class GraphFlopsTest {
  private static final int CLASSES = 10;

  /** Forward FLOPs per image of the backbone and the normalised head, from the config alone. */
  private static long[] expectedForwardAndStem(BackboneConfig c) {
    int size = c.inputHeight() / c.downscale();
    long stem = 2L * size * size * 9 * 3 * c.stemChannels();
    long flops = stem;
    int channels = c.stemChannels();
    for (int s = 0; s < c.widths().length; s++) {
      int width = c.widths()[s];
      for (int b = 0; b < c.blocks()[s]; b++) {
        int out = b == 0 ? (size + 1) / 2 : size;
        flops += 2L * size * size * 9 * channels * width; // conv1, stride 1
        flops += 2L * out * out * 9 * width * width; // conv2, strided in the first block
        if (channels != width) {
          flops += 2L * out * out * channels * width; // 1x1 shortcut
        }
        channels = width;
        size = out;
      }
    }
    long flat = (long) size * size * channels;
    flops += 2 * flat * c.embeddingSize(); // output fc
    flops += 2L * c.embeddingSize() * CLASSES; // cosine head
    return new long[] {flops, stem};
  }

  private static void check(BackboneConfig config) {
    try (Trainer t =
        Trainer.builder()
            .setBackbone(config)
            .setLoss(TestLosses.cosFace(CLASSES, 16f, 0.2f))
            .setNumClasses(CLASSES)
            .optDevice(Device.cpu())
            .build()) {
      long[] expected = expectedForwardAndStem(config);
      assertEquals(expected[0], t.forwardFlopsPerImage(), config.name() + " forward");
      assertEquals(
          3 * expected[0] - expected[1],
          t.trainingFlopsPerImage(),
          config.name() + ": forward and both gradients, no input gradient for the first layer");
    }
  }

  @Test
  void tinyCountsMatchTheLayerShapes() {
    check(BackboneConfig.tiny());
  }

  /** No downscaling, a stage of two blocks with an identity shortcut, odd sizes (15 → 8). */
  @Test
  void residualStagesWithOddSizesCountAsTheLayerShapes() {
    check(
        BackboneConfig.builder("small")
            .inputSize(30, 30)
            .stemChannels(8)
            .stages(new int[] {8, 16}, new int[] {2, 1})
            .embeddingSize(32)
            .build());
  }

  @Test
  void resnet20IsAboutFiveGigaflopsForward() {
    // the figure the issue quotes: about 5.1 GFLOP per 112x112 image forward
    assertEquals(5.2, expectedForwardAndStem(BackboneConfig.resnet20())[0] / 1e9, 0.1);
  }
}
