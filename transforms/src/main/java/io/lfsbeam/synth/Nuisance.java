package io.lfsbeam.synth;

import static io.lfsbeam.synth.SeedMix.symmetric;
import static io.lfsbeam.synth.SeedMix.uniform;

import java.awt.Color;
import java.util.SplittableRandom;

/**
 * Everything that changes between two photos of the same person: pose, framing, expression, light,
 * sensor noise, clothing, background and an occasional occluder.
 *
 * <p>Geometric and photometric strengths grow linearly with {@code difficulty} in [0, 1]; at 0 the
 * face is upright, centred and nearly clean, at 1 it is rolled up to ±30°, shifted, scaled, lit
 * from the side and noisy. Expression and clothing vary at every difficulty because real photos of
 * one person never repeat them exactly.
 *
 * @param rotationDeg in-plane roll, positive turns the face clockwise on screen
 * @param scale face size relative to the nominal LFW framing
 * @param shiftX horizontal offset of the face centre, canonical units
 * @param shiftY vertical offset of the face centre, canonical units
 * @param yaw pseudo head turn: inner features slide sideways over the head outline
 * @param smile 0 (neutral) to 1 (broad smile): corners rise and widen, eyes narrow a little
 * @param mouthOpen 0 (closed) to 1 (open, teeth visible)
 * @param browRaise -1 (frown) to 1 (surprise), brows move by up to 3 units
 * @param lightAngle direction the light comes from, radians
 * @param lightStrength 0 (flat) to about 0.5 (strong side light)
 * @param brightness added to every channel, grey levels
 * @param contrast multiplies deviations from mid-grey
 * @param noiseSigma standard deviation of additive Gaussian noise, grey levels
 * @param background1 background colour on one side
 * @param background2 background colour on the other side
 * @param shirt clothing colour
 * @param occluder an accessory drawn over the face, if any
 * @param occluderColour its colour
 * @param detailSeed seed for background clutter and pixel noise
 */
public record Nuisance(
    double rotationDeg,
    double scale,
    double shiftX,
    double shiftY,
    double yaw,
    double smile,
    double mouthOpen,
    double browRaise,
    double lightAngle,
    double lightStrength,
    double brightness,
    double contrast,
    double noiseSigma,
    Color background1,
    Color background2,
    Color shirt,
    Occluder occluder,
    Color occluderColour,
    long detailSeed) {

  /** Accessories that cover part of the face but never a landmark. */
  public enum Occluder {
    NONE,
    GLASSES,
    HAT
  }

  /** The default difficulty: clearly varied images that a small CNN can still learn from. */
  public static final double DEFAULT_DIFFICULTY = 0.5;

  /**
   * Nuisances of image {@code image} of identity {@code identity}; reproducible from the three
   * numbers and difficulty.
   */
  public static Nuisance derive(long seed, int identity, int image, double difficulty) {
    if (!(difficulty >= 0 && difficulty <= 1)) {
      throw new IllegalArgumentException("difficulty must be in [0, 1], got " + difficulty);
    }
    double d = difficulty;
    SplittableRandom r = SeedMix.stream(seed, SeedMix.NUISANCE, identity, image);
    double rotationDeg = symmetric(r) * 30 * d;
    double scale = 1 + symmetric(r) * 0.15 * d;
    double shiftX = symmetric(r) * 14 * d;
    double shiftY = symmetric(r) * 12 * d;
    double yaw = symmetric(r) * 7 * d;
    double smile = r.nextDouble() * (0.4 + 0.6 * d);
    double mouthOpen = r.nextDouble() < 0.2 + 0.3 * d ? uniform(r, 0.3, 1.0) : 0.0;
    double browRaise = symmetric(r) * (0.3 + 0.7 * d);
    double lightAngle = uniform(r, 0, 2 * Math.PI);
    double lightStrength = uniform(r, 0.02, 0.05 + 0.45 * d);
    double brightness = symmetric(r) * 30 * d;
    double contrast = 1 + symmetric(r) * 0.25 * d;
    double noiseSigma = 0.5 + 10 * d * r.nextDouble();
    Color background1 = mutedColour(r);
    Color background2 = mutedColour(r);
    Color shirt =
        Color.getHSBColor(
            (float) r.nextDouble(), (float) uniform(r, 0.1, 0.7), (float) uniform(r, 0.15, 0.85));
    Occluder occluder = Occluder.NONE;
    if (r.nextDouble() < 0.35 * d) {
      occluder = r.nextBoolean() ? Occluder.GLASSES : Occluder.HAT;
    }
    Color occluderColour =
        Color.getHSBColor(
            (float) r.nextDouble(), (float) uniform(r, 0.0, 0.8), (float) uniform(r, 0.05, 0.6));
    long detailSeed = r.nextLong();
    return new Nuisance(
        rotationDeg,
        scale,
        shiftX,
        shiftY,
        yaw,
        smile,
        mouthOpen,
        browRaise,
        lightAngle,
        lightStrength,
        brightness,
        contrast,
        noiseSigma,
        background1,
        background2,
        shirt,
        occluder,
        occluderColour,
        detailSeed);
  }

  /** A frontal, centred, neutral, clean view: the reference for tests and illustrations. */
  public static Nuisance neutral() {
    return new Nuisance(
        0,
        1,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        1,
        0,
        new Color(200, 200, 200),
        new Color(170, 170, 170),
        new Color(60, 70, 110),
        Occluder.NONE,
        Color.BLACK,
        0L);
  }

  private static Color mutedColour(SplittableRandom r) {
    return Color.getHSBColor(
        (float) r.nextDouble(), (float) uniform(r, 0.0, 0.45), (float) uniform(r, 0.2, 0.95));
  }
}
