package io.lfsbeam.synth;

import static io.lfsbeam.synth.SeedMix.uniform;

import java.awt.Color;
import java.util.SplittableRandom;

/**
 * What makes one synthetic person look like themselves: every trait here is fixed per identity and
 * shared by all of that identity's images.
 *
 * <p>Lengths are in the canonical face frame: origin at the face centre, y pointing down, one unit
 * = one pixel of a 250-pixel image at scale 1 (the LFW image size, where the eyes are about 40 px
 * apart). The ranges are wide enough that two identities differ visibly in several traits at once,
 * yet no single trait is unique, so a recogniser has to combine them.
 *
 * @param headHalfWidth half the head width at the cheeks
 * @param headHalfHeight half the head height, top of skull to chin
 * @param jawRatio jaw width relative to cheek width (narrow chin below 0.65, square above 0.85)
 * @param skin base skin colour
 * @param eyeHalfSpacing horizontal distance from the face centre to each eye centre
 * @param eyeY vertical position of the eye line
 * @param eyeHalfWidth half the visible eye opening, horizontally
 * @param eyeHalfHeight half the visible eye opening, vertically
 * @param irisRadius radius of the iris
 * @param iris iris colour
 * @param browThickness stroke width of the eyebrows
 * @param browAngleDeg tilt of the brows; positive lifts the outer ends
 * @param browGap distance from the eye line up to the brows
 * @param browArch how far the middle of a brow rises above its end points
 * @param brow eyebrow colour
 * @param noseTipY vertical position of the nose tip
 * @param noseHalfWidth half the width of the nose wings
 * @param mouthY vertical position of the mouth line
 * @param mouthHalfWidth half the distance between the mouth corners (neutral expression)
 * @param lipThickness upper-lip height; the lower lip is a bit fuller
 * @param lip lip colour
 * @param hair hair colour
 * @param hairStyle hair cut
 * @param hairlineY vertical position of the hairline at the centre of the forehead
 * @param earSize ear height scale (1 = average)
 * @param beard facial hair
 * @param moleX horizontal position of a mole, meaningful only if {@code hasMole}
 * @param moleY vertical position of a mole
 * @param hasMole whether this person has a visible mole
 * @param hairSeed seed for the small per-identity hair details (curls, strands)
 */
public record FaceTraits(
    double headHalfWidth,
    double headHalfHeight,
    double jawRatio,
    Color skin,
    double eyeHalfSpacing,
    double eyeY,
    double eyeHalfWidth,
    double eyeHalfHeight,
    double irisRadius,
    Color iris,
    double browThickness,
    double browAngleDeg,
    double browGap,
    double browArch,
    Color brow,
    double noseTipY,
    double noseHalfWidth,
    double mouthY,
    double mouthHalfWidth,
    double lipThickness,
    Color lip,
    Color hair,
    HairStyle hairStyle,
    double hairlineY,
    double earSize,
    Beard beard,
    double moleX,
    double moleY,
    boolean hasMole,
    long hairSeed) {

  /** Hair cuts, chosen per identity. */
  public enum HairStyle {
    BALD,
    BUZZ,
    SHORT,
    SIDE_PART,
    RECEDING,
    LONG,
    CURLY
  }

  /** Facial hair, chosen per identity. */
  public enum Beard {
    NONE,
    STUBBLE,
    MUSTACHE,
    GOATEE,
    FULL
  }

  /** Light to dark; a person's tone is interpolated between two neighbours. */
  private static final Color[] SKIN_TONES = {
    new Color(255, 226, 200),
    new Color(241, 198, 164),
    new Color(226, 174, 134),
    new Color(198, 138, 100),
    new Color(160, 104, 70),
    new Color(118, 74, 48),
    new Color(86, 56, 38)
  };

  private static final Color[] IRIS_COLOURS = {
    new Color(92, 56, 30),
    new Color(60, 38, 24),
    new Color(70, 110, 160),
    new Color(80, 125, 90),
    new Color(120, 125, 130),
    new Color(130, 100, 50)
  };

  private static final Color[] HAIR_COLOURS = {
    new Color(22, 18, 16), new Color(55, 38, 28), new Color(100, 68, 42), new Color(140, 72, 38),
    new Color(205, 170, 105), new Color(180, 96, 46), new Color(140, 138, 134),
        new Color(222, 220, 214)
  };

  /** Relative frequencies of {@link #HAIR_COLOURS}: dark hair is common, grey and white rarer. */
  private static final double[] HAIR_WEIGHTS = {3, 3, 2, 1, 1.5, 1, 1, 0.5};

  private static final Color[] LIP_BASE = {
    new Color(190, 100, 100), new Color(170, 90, 95), new Color(150, 80, 80), new Color(120, 60, 60)
  };

  /**
   * The traits of identity {@code identity} under {@code seed}; the same inputs always give the
   * same person.
   */
  public static FaceTraits derive(long seed, int identity) {
    SplittableRandom r = SeedMix.stream(seed, SeedMix.TRAITS, identity);
    double headHalfWidth = uniform(r, 43, 57);
    double headHalfHeight = uniform(r, 60, 74);
    double jawRatio = uniform(r, 0.55, 0.95);
    double toneT = r.nextDouble();
    Color skin = jitter(lerp(SKIN_TONES, toneT), r, 10);

    double eyeHalfSpacing = uniform(r, 16, 21);
    double eyeY = uniform(r, -17, -10);
    double eyeHalfWidth = uniform(r, 6.5, 9.5);
    double eyeHalfHeight = uniform(r, 3.4, 5.4);
    double irisRadius = Math.min(eyeHalfHeight * 0.95, uniform(r, 3.0, 4.2));
    Color iris = jitter(IRIS_COLOURS[r.nextInt(IRIS_COLOURS.length)], r, 12);

    Color hair = jitter(HAIR_COLOURS[weightedIndex(r, HAIR_WEIGHTS)], r, 10);
    HairStyle hairStyle = HairStyle.values()[r.nextInt(HairStyle.values().length)];
    double hairlineY = -headHalfHeight * uniform(r, 0.45, 0.72);
    if (hairStyle == HairStyle.RECEDING) {
      hairlineY = -headHalfHeight * uniform(r, 0.80, 0.90);
    }

    double browThickness = uniform(r, 1.6, 4.8);
    double browAngleDeg = uniform(r, -14, 14);
    double browGap = uniform(r, 8, 13);
    double browArch = uniform(r, 0.5, 4.0);
    // Very light hair usually comes with brows a shade darker than the hair itself.
    Color brow = scale(hair, hair.getRed() > 170 ? 0.7 : 0.9);

    // Nose and mouth sit in the ArcFace template's proportions to the eye spacing (nose drop 1.14,
    // mouth drop 2.31, mouth half-width 0.83 eye half-spacings) with a few percent of personal
    // variation: real faces fit the template to about a pixel, and so must these, or alignment
    // residuals would measure the generator rather than the aligner. Identity lives mostly in
    // shape, colour, hair, brows and the rest.
    double noseTipY = eyeY + eyeHalfSpacing * 1.143 * uniform(r, 0.95, 1.05);
    double noseHalfWidth = uniform(r, 6.5, 11.5);
    double mouthY =
        Math.min(eyeY + eyeHalfSpacing * 2.309 * uniform(r, 0.97, 1.03), headHalfHeight - 17);
    double mouthHalfWidth = eyeHalfSpacing * 0.80 * uniform(r, 0.94, 1.04);
    double lipThickness = uniform(r, 1.8, 4.6);
    Color lip = jitter(blend(LIP_BASE[r.nextInt(LIP_BASE.length)], skin, 0.35), r, 8);

    double earSize = uniform(r, 0.8, 1.25);
    Beard beard = Beard.NONE;
    if (r.nextDouble() < 0.35) {
      beard = Beard.values()[1 + r.nextInt(Beard.values().length - 1)];
    }
    boolean hasMole = r.nextDouble() < 0.3;
    double moleX = uniform(r, -headHalfWidth * 0.6, headHalfWidth * 0.6);
    double moleY = uniform(r, eyeY + 8, mouthY + 6);
    long hairSeed = r.nextLong();

    return new FaceTraits(
        headHalfWidth,
        headHalfHeight,
        jawRatio,
        skin,
        eyeHalfSpacing,
        eyeY,
        eyeHalfWidth,
        eyeHalfHeight,
        irisRadius,
        iris,
        browThickness,
        browAngleDeg,
        browGap,
        browArch,
        brow,
        noseTipY,
        noseHalfWidth,
        mouthY,
        mouthHalfWidth,
        lipThickness,
        lip,
        hair,
        hairStyle,
        hairlineY,
        earSize,
        beard,
        moleX,
        moleY,
        hasMole,
        hairSeed);
  }

  private static int weightedIndex(SplittableRandom r, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = r.nextDouble() * total;
    for (int i = 0; i < weights.length - 1; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  static Color lerp(Color[] palette, double t) {
    double pos = t * (palette.length - 1);
    int i = Math.min((int) pos, palette.length - 2);
    return blend(palette[i], palette[i + 1], 1.0 - (pos - i));
  }

  /** {@code w * a + (1 - w) * b}, channel-wise. */
  static Color blend(Color a, Color b, double w) {
    return new Color(
        clamp(w * a.getRed() + (1 - w) * b.getRed()),
        clamp(w * a.getGreen() + (1 - w) * b.getGreen()),
        clamp(w * a.getBlue() + (1 - w) * b.getBlue()));
  }

  static Color scale(Color c, double f) {
    return new Color(clamp(c.getRed() * f), clamp(c.getGreen() * f), clamp(c.getBlue() * f));
  }

  static Color withAlpha(Color c, double alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), clamp(alpha * 255));
  }

  private static Color jitter(Color c, SplittableRandom r, int amount) {
    return new Color(
        clamp(c.getRed() + r.nextInt(-amount, amount + 1)),
        clamp(c.getGreen() + r.nextInt(-amount, amount + 1)),
        clamp(c.getBlue() + r.nextInt(-amount, amount + 1)));
  }

  static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
