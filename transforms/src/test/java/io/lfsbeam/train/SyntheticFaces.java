package io.lfsbeam.train;

import java.util.SplittableRandom;

/**
 * A small learnable task in place of faces: each class has its own colour and stripe pattern
 * (frequency and orientation), with random phase, brightness jitter and pixel noise per image.
 * Patterns are left–right symmetric in distribution, so horizontal flips keep the class.
 */
final class SyntheticFaces {
  private SyntheticFaces() {}

  static InMemoryTrainingData make(int classes, int perClass, int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = classes * perClass;
    byte[][] pixels = new byte[n][];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % classes;
      labels[i] = c;
      pixels[i] = image(c, size, random);
    }
    return new InMemoryTrainingData(size, size, classes, pixels, labels);
  }

  static byte[] image(int c, int size, SplittableRandom random) {
    double hue = c * 2 * Math.PI / 8;
    double[] colour = {
      0.5 + 0.45 * Math.cos(hue), 0.5 + 0.45 * Math.cos(hue + 2.1), 0.5 + 0.45 * Math.cos(hue + 4.2)
    };
    double freq = 2 + (c % 4) * 2;
    boolean vertical = (c / 4) % 2 == 0;
    double phase = random.nextDouble() * 2 * Math.PI;
    double gain = 0.8 + 0.4 * random.nextDouble();
    byte[] img = new byte[size * size * 3];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double t = (vertical ? x : y) / (double) size;
        double stripe = 0.5 + 0.5 * Math.sin(2 * Math.PI * freq * t + phase);
        for (int ch = 0; ch < 3; ch++) {
          double v =
              255 * gain * (0.35 * colour[ch] + 0.45 * stripe * colour[ch])
                  + 20 * (random.nextDouble() - 0.5);
          img[(y * size + x) * 3 + ch] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
        }
      }
    }
    return img;
  }
}
