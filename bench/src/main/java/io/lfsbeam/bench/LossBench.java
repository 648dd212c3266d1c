package io.lfsbeam.bench;

import io.lfsbeam.metrics.VerificationResult;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.search.FixedLoss;
import io.lfsbeam.search.policy.CosFaceEquivalence;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Held-out verification accuracy per loss on one budget: every loss trains the same backbone from
 * the same seeded weights on the same synthetic identities for the same number of steps, and is
 * scored on identities none of them saw. The untrained column is the shared starting point, so each
 * row shows what that loss added. Figures are reported, never asserted.
 */
public final class LossBench {
  /**
   * The losses the issue asks about: plain softmax, CosFace, ArcFace and the modulated (searched)
   * loss.
   */
  public static final String DEFAULT_LOSSES = "softmax,cosface,arcface,modulated";

  private LossBench() {}

  /**
   * Makes the set once, trains every loss on it in turn and prints the table as each finishes a
   * row.
   */
  public static List<LossTrial.Outcome> run(
      List<String> losses, SyntheticSplit.Spec faces, LossTrial.Budget budget, PrintStream log) {
    for (String l : losses) {
      FixedLoss.named(
          l, LossTrial.SCALE); // an unknown name fails before minutes of rendering and training
    }
    long t0 = System.nanoTime();
    SyntheticSplit data = SyntheticSplit.make(faces, budget.seed());
    log.printf(
        Locale.ROOT,
        "losses: %d training and %d held-out faces, %d pairs, made in %.1f s%n",
        data.train().size(),
        data.heldOut().pixels().size(),
        data.heldOut().pairs().size(),
        (System.nanoTime() - t0) / 1e9);
    List<LossTrial.Outcome> out = new ArrayList<>();
    for (String l : losses) {
      LossTrial.Outcome o = LossTrial.run(l, data, budget);
      log.printf(
          Locale.ROOT,
          "losses: %s %.4f -> %s in %.1f s%n",
          l,
          o.untrained().meanAccuracy(),
          o.ok() ? fmt("%.4f", o.trained().meanAccuracy()) : o.training().status(),
          o.trainSeconds());
      out.add(o);
    }
    return out;
  }

  public static BenchTable table(
      List<LossTrial.Outcome> outcomes, SyntheticSplit.Spec faces, LossTrial.Budget budget) {
    String title =
        String.format(
            Locale.ROOT,
            "losses: %s, %,d steps of batch %d from seed %d, %d training identities"
                + " x %d images at difficulty %.2f; 10-fold verification on %d unseen identities (mean ± std over folds); threads %s, %s",
            budget.backbone().name(),
            budget.steps(),
            budget.batchSize(),
            budget.seed(),
            faces.trainIdentities(),
            faces.imagesPerIdentity(),
            faces.difficulty(),
            faces.heldOutIdentities(),
            budget.threads() == 0 ? "all cores" : budget.threads(),
            MachineInfo.oneDnn());
    BenchTable t =
        new BenchTable(
            title,
            "loss",
            "parameters",
            "untrained",
            "trained",
            "gain",
            "epochs",
            "first loss",
            "final loss",
            "train s",
            "images/s");
    for (LossTrial.Outcome o : outcomes) {
      t.row(
          o.loss(),
          parameters(o.loss()),
          accuracy(o.untrained()),
          o.ok()
              ? accuracy(o.trained())
              : o.training().status() + " at step " + o.training().steps(),
          o.ok() ? fmt("%+.3f", o.trained().meanAccuracy() - o.untrained().meanAccuracy()) : "n/a",
          BenchTable.number(o.training().epochs()),
          BenchTable.number(o.training().firstLoss()),
          BenchTable.number(o.training().finalLoss()),
          BenchTable.number(o.trainSeconds()),
          BenchTable.number(o.training().imagesPerSecond()));
    }
    return t;
  }

  /**
   * The loss's parameters at their defaults, in METHOD.md's terms; the modulated factor with its
   * CosFace-equivalent margin.
   */
  static String parameters(String loss) {
    FixedLoss f = FixedLoss.named(loss, LossTrial.SCALE);
    LossParams p = f.params(LossTrial.SCALE);
    double s = LossTrial.SCALE;
    return switch (f.family()) {
      case SOFTMAX -> "raw logits";
      case NORMFACE -> fmt("s %.0f", s);
      case COSFACE -> fmt("s %.0f, m %.2f", s, p.getM2());
      case ARCFACE -> fmt("s %.0f, m %.2f", s, p.getM3());
      case SPHEREFACE -> fmt("s %.0f, m %.0f", s, p.getM1());
      case COMBINED -> fmt("s %.0f, m %.1f/%.2f/%.2f", s, p.getM1(), p.getM2(), p.getM3());
      case MODULATED ->
          fmt("s %.0f, a %,.0f (m_eq %.3f)", s, f.a(), CosFaceEquivalence.margin(f.a(), s));
      default -> f.family().name();
    };
  }

  private static String accuracy(VerificationResult r) {
    return fmt("%.3f ± %.3f", r.meanAccuracy(), r.stdAccuracy());
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
