package io.lfsbeam.bench;

import io.lfsbeam.align.AlignOptions;
import io.lfsbeam.align.AlignResult;
import io.lfsbeam.align.Aligner;
import io.lfsbeam.image.RgbImage;
import io.lfsbeam.preprocess.PairGenerator;
import io.lfsbeam.schemas.VerificationPair;
import io.lfsbeam.synth.RenderedFace;
import io.lfsbeam.synth.SyntheticFaces;
import io.lfsbeam.train.InMemoryTrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A synthetic face set cut into training identities and held-out identities, aligned in memory the
 * way {@code lfs preprocess} aligns files (five landmarks onto the ArcFace 112×112 template), with
 * 10-fold verification pairs over the held-out people only.
 *
 * <p>It skips the files and the Beam pipeline so that a test or bench can afford it in seconds; the
 * faces, alignment and pair rules are the project's own ({@link SyntheticFaces}, {@link Aligner},
 * {@link PairGenerator}). Everything is a pure function of the settings: rendering is seeded per
 * (seed, identity, image), so rendering in parallel gives the same bytes.
 */
public final class SyntheticSplit {
  /**
   * Rendered at half LFW's 250×250: four times cheaper to draw, and still larger than the 112×112
   * template (which the tiny backbone pools to 28×28 anyway), so alignment resamples as it does on
   * files.
   */
  static final int RENDER_SIZE = 125;

  private final InMemoryTrainingData train;
  private final HeldOutFaces heldOut;

  private SyntheticSplit(InMemoryTrainingData train, HeldOutFaces heldOut) {
    this.train = train;
    this.heldOut = heldOut;
  }

  /**
   * What to make.
   *
   * @param trainIdentities people the network trains on (labels 0..n−1)
   * @param heldOutIdentities further people it never sees, used only for verification pairs; 20 or
   *     more give identity-disjoint folds as in LFW's View 2 (see {@link PairGenerator})
   * @param imagesPerIdentity images of every person
   * @param matchedPairsPerFold matched (and as many mismatched) pairs per fold, at most
   * @param difficulty nuisance strength in [0, 1] (pose, light, noise, occluders; see {@code
   *     Nuisance})
   */
  public record Spec(
      int trainIdentities,
      int heldOutIdentities,
      int imagesPerIdentity,
      int matchedPairsPerFold,
      double difficulty) {
    public Spec {
      if (trainIdentities < 2
          || heldOutIdentities < 2
          || imagesPerIdentity < 2
          || matchedPairsPerFold < 1) {
        throw new IllegalArgumentException(
            "need at least 2 training and 2 held-out identities of 2 images each, and pairs");
      }
    }
  }

  public static SyntheticSplit make(Spec spec, long seed) {
    int trainIdentities = spec.trainIdentities();
    int imagesPerIdentity = spec.imagesPerIdentity();
    int total = trainIdentities + spec.heldOutIdentities();
    SyntheticFaces faces =
        SyntheticFaces.builder()
            .identities(total)
            .imagesPerIdentity(imagesPerIdentity)
            .imageSize(RENDER_SIZE)
            .difficulty(spec.difficulty())
            .seed(seed)
            .build();
    Aligner aligner = new Aligner(AlignOptions.defaults());
    byte[][] aligned =
        IntStream.range(0, total * imagesPerIdentity)
            .parallel()
            .mapToObj(
                i -> align(aligner, faces.render(i / imagesPerIdentity, i % imagesPerIdentity)))
            .toArray(byte[][]::new);
    int h = aligner.options().template().height();
    int w = aligner.options().template().width();

    int trainCount = trainIdentities * imagesPerIdentity;
    byte[][] trainPixels = new byte[trainCount][];
    int[] labels = new int[trainCount];
    for (int i = 0; i < trainCount; i++) {
      trainPixels[i] = aligned[i];
      labels[i] = i / imagesPerIdentity;
    }
    List<byte[]> heldPixels = new ArrayList<>();
    List<PairGenerator.FaceRef> refs = new ArrayList<>();
    for (int i = trainCount; i < aligned.length; i++) {
      int face = heldPixels.size();
      heldPixels.add(aligned[i]);
      refs.add(
          new PairGenerator.FaceRef(
              Integer.toString(face),
              faces.identityName(i / imagesPerIdentity),
              i % imagesPerIdentity + 1));
    }
    List<VerificationPair> pairs =
        new PairGenerator(spec.matchedPairsPerFold(), seed).generate(refs);
    return new SyntheticSplit(
        new InMemoryTrainingData(h, w, trainIdentities, trainPixels, labels),
        new HeldOutFaces(h, w, heldPixels, pairs));
  }

  private static byte[] align(Aligner aligner, RenderedFace face) {
    AlignResult r =
        aligner.align(RgbImage.fromBufferedImage(face.image()), toRows(face.landmarks().toArray()));
    if (!r.isAligned()) {
      // the renderer's landmarks are exact, so a rejection is a bug, not data to skip
      throw new IllegalStateException("a synthetic face failed alignment: " + r.message());
    }
    return r.image().rgb();
  }

  private static double[][] toRows(double[] xy) {
    double[][] rows = new double[xy.length / 2][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new double[] {xy[2 * i], xy[2 * i + 1]};
    }
    return rows;
  }

  /** The training identities, aligned, labels 0..n−1. */
  public InMemoryTrainingData train() {
    return train;
  }

  /** The held-out identities and their pairs. */
  public HeldOutFaces heldOut() {
    return heldOut;
  }
}
