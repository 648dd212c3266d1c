package io.lfsbeam.synth;

/** Makes AWT run without a display: generation happens on servers and in CI. */
final class Headless {
  private Headless() {}

  /** Sets {@code java.awt.headless=true} unless the caller already chose a value. */
  static void ensure() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }
}
