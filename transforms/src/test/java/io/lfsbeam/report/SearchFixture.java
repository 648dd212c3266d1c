package io.lfsbeam.report;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.TextFiles;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.schemas.TarAtFar;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Writes a realistic search output folder (the layout of the search pipeline) with made-up but
 * plausible numbers: μ drifting up, rewards around 85–92 %, two candidates per worker slot, a NaN
 * and a crash. Options cover the awkward cases: a round whose candidates all failed, FIXED mode, no
 * ROC plot, no final evaluation.
 */
final class SearchFixture {
  static final double SCALE = 32.0;
  static final long T0 = 1_700_000_000_000L;

  /** The batch size search_config.tsv records. */
  static final int BATCH = 32;

  SearchMode mode = SearchMode.SEARCH;
  int rounds = 4;
  int candidates = 8;
  long seed = 7;
  Set<Integer> allFailedRounds = Set.of();
  boolean roc = true;
  boolean finalEval = true;
  double testAccuracy = 0.9125;

  /** Written records, per round, for the tests to compute expected figures from. */
  final List<RoundRecords> written = new ArrayList<>();

  final Map<String, Double> timings = new LinkedHashMap<>();
  EvalMetrics test;

  SearchFixture mode(SearchMode m) {
    mode = m;
    candidates = m == SearchMode.FIXED ? 1 : candidates;
    return this;
  }

  SearchFixture rounds(int r) {
    rounds = r;
    return this;
  }

  SearchFixture seed(long s) {
    seed = s;
    return this;
  }

  SearchFixture allFailed(Integer... r) {
    allFailedRounds = Set.of(r);
    return this;
  }

  SearchFixture noRoc() {
    roc = false;
    return this;
  }

  SearchFixture noFinalEvaluation() {
    finalEval = false;
    return this;
  }

  SearchFixture testAccuracy(double a) {
    testAccuracy = a;
    return this;
  }

  SearchFixture write(String dir) throws IOException {
    Random rng = new Random(seed);
    StringBuilder config = new StringBuilder();
    config
        .append("searchId\tfixture-")
        .append(seed)
        .append('\n')
        .append("mode\t")
        .append(mode)
        .append('\n')
        .append("rounds\t")
        .append(rounds)
        .append('\n')
        .append("candidates\t")
        .append(candidates)
        .append('\n')
        .append("sigma\t0.2\nscale\t32.0\nspace\tglobal\nseed\t")
        .append(seed)
        .append("\nbackbone\ttiny\nepochsPerRound\t1\nbatchSize\t")
        .append(BATCH)
        .append('\n');
    if (mode == SearchMode.FIXED) {
      config.append("loss\tCOSFACE\nm1\t1.0\nm2\t0.35\nm3\t0.0\n");
    }
    TextFiles.write(dir + "/search_config.tsv", config.toString());
    timings.put("preprocess", 12.5);
    double mu = 0;
    long clock = T0;
    String bestCheckpoint = null;
    for (int round = 1; round <= rounds; round++) {
      List<LossCandidate> cs = new ArrayList<>();
      List<TrainResult> rs = new ArrayList<>();
      List<EvalMetrics> ms = new ArrayList<>();
      long roundStart = clock + 1500;
      long roundEnd = roundStart;
      for (int i = 0; i < candidates; i++) {
        double x = mu + 0.2 * rng.nextGaussian();
        LossCandidate.Builder c =
            LossCandidate.newBuilder()
                .setSearchId("fixture")
                .setRound(round)
                .setIndex(i)
                .setSeed(seed * 1000 + round * 10 + i)
                .setStartCheckpoint(bestCheckpoint);
        if (mode == SearchMode.FIXED) {
          c.setFamily(LossFamily.COSFACE)
              .setParams(LossParams.newBuilder().setScale(SCALE).setM2(0.35).build())
              .setPolicySample(List.of());
        } else {
          c.setFamily(LossFamily.MODULATED)
              .setPolicySample(List.of(x))
              .setParams(
                  LossParams.newBuilder()
                      .setScale(SCALE)
                      .setA(-Math.abs(x) * Math.exp(SCALE / 3))
                      .build());
        }
        LossCandidate cand = c.build();
        cs.add(cand);
        // two worker slots: candidates 0,1 side by side, then 2,3, ...
        long wall = 10_000 + rng.nextInt(4_000);
        long start = roundStart + (i / 2) * 14_500L + rng.nextInt(200);
        TrainStatus status = TrainStatus.OK;
        String message = null;
        if (allFailedRounds.contains(round)) {
          status = TrainStatus.FAILED;
          message = "IllegalStateException: worker lost";
          wall = 1_000;
        } else if (round == 2 && i == 3 && candidates > 3) {
          status = TrainStatus.NAN;
          message = "loss NaN at step 37";
          wall = 2_500;
        } else if (round == 1 && i == 5 && candidates > 5) {
          status = TrainStatus.FAILED;
          message = "OutOfMemoryError: Java heap space";
          wall = 4_000;
        }
        long steps = status == TrainStatus.OK ? 120 : status == TrainStatus.NAN ? 37 : 0;
        rs.add(
            TrainResult.newBuilder()
                .setCandidate(cand)
                .setStatus(status)
                .setMessage(message)
                .setSteps(steps)
                .setEpochs(status == TrainStatus.OK ? 1.0 : steps / 120.0)
                .setFirstLoss(status == TrainStatus.OK ? 9.5 : null)
                .setFinalLoss(status == TrainStatus.OK ? 6.0 - 0.3 * round : null)
                .setImagesPerSecond(300 + rng.nextInt(50))
                .setDevice("cpu")
                .setCheckpointUri(
                    status == TrainStatus.OK ? dir + "/ckpt/r" + round + "c" + i : null)
                .setStartMillis(start)
                .setEndMillis(start + wall)
                .setWallMillis(wall)
                .build());
        roundEnd = Math.max(roundEnd, start + wall);
        if (status == TrainStatus.OK) {
          // saturating learning curve, as accuracies do: 85 % after round 1 towards 93 %
          double reward =
              0.85 + 0.08 * (1 - Math.exp(-(round - 1) / 5.0)) + 0.02 * rng.nextDouble();
          ms.add(metrics(cand, "val", reward, 0.02, rng));
        }
      }
      int roundNo = round;
      writeRound(dir, round, cs, rs, ms);
      PolicyState state = null;
      if (!ms.isEmpty()) {
        EvalMetrics best =
            ms.stream()
                .max((a, b) -> Double.compare(a.getAccuracyMean(), b.getAccuracyMean()))
                .get();
        LossCandidate bestCand = best.getCandidate();
        bestCheckpoint = dir + "/ckpt/r" + round + "c" + bestCand.getIndex();
        mu = mode == SearchMode.SEARCH ? mu + 0.05 : mu;
        state =
            PolicyState.newBuilder()
                .setSearchId("fixture")
                .setRound(round)
                .setMode(mode)
                .setMu(mode == SearchMode.FIXED ? List.of() : List.of(mu))
                .setSigma(mode == SearchMode.FIXED ? 0 : 0.2)
                .setAdamM(List.of())
                .setAdamV(List.of())
                .setAdamStep(round)
                .setSeed(seed)
                .setBestCandidate(bestCand)
                .setBestCheckpoint(bestCheckpoint)
                .setBestReward(best.getAccuracyMean())
                .setFailedCandidates(
                    (int) rs.stream().filter(r -> r.getStatus() != TrainStatus.OK).count())
                .build();
        AvroFiles.write(
            String.format(Locale.ROOT, "%s/round-%04d/policy_state.avro", dir, roundNo),
            PolicyState.getClassSchema(),
            List.of(state));
      }
      written.add(new RoundRecords(round, cs, rs, ms, state));
      double roundSeconds = (roundEnd - clock) / 1000.0 + 2.25;
      timings.put(String.format(Locale.ROOT, "round-%04d", round), roundSeconds);
      clock = roundEnd + 2250;
    }
    if (finalEval) {
      test = metrics(null, "test", testAccuracy, 0.015, rng);
      AvroFiles.write(
          dir + "/final/test_metrics.avro", EvalMetrics.getClassSchema(), List.of(test));
      timings.put("final-evaluation", 4.2);
    }
    timings.put("export", 0.8);
    StringBuilder t = new StringBuilder("stage\tseconds\n");
    timings.forEach((k, v) -> t.append(k).append('\t').append(v).append('\n'));
    TextFiles.write(dir + "/timings.tsv", t.toString());
    if (roc) {
      TextFiles.writeBytes(dir + "/final/roc.png", png(320, 240));
    }
    return this;
  }

  private static void writeRound(
      String dir, int round, List<LossCandidate> cs, List<TrainResult> rs, List<EvalMetrics> ms)
      throws IOException {
    String rd = String.format(Locale.ROOT, "%s/round-%04d", dir, round);
    AvroFiles.write(rd + "/candidates.avro", LossCandidate.getClassSchema(), cs);
    AvroFiles.write(rd + "/train_results.avro", TrainResult.getClassSchema(), rs);
    AvroFiles.write(rd + "/eval_metrics.avro", EvalMetrics.getClassSchema(), ms);
  }

  static EvalMetrics metrics(LossCandidate c, String set, double accuracy, double std, Random rng) {
    List<Double> folds = new ArrayList<>();
    for (int f = 0; f < 10; f++) {
      folds.add(accuracy + (f % 2 == 0 ? std : -std));
    }
    return EvalMetrics.newBuilder()
        .setCandidate(c)
        .setModelUri("model")
        .setEvalSet(set)
        .setPairs(600)
        .setAccuracyMean(accuracy)
        .setAccuracyStd(std)
        .setFoldAccuracies(folds)
        .setThreshold(0.31)
        .setTarAtFar(
            List.of(
                new TarAtFar(0.1, 0.80 + 0.1 * rng.nextDouble(), 0.2),
                new TarAtFar(0.01, 0.55 + 0.1 * rng.nextDouble(), 0.4)))
        .setAuc(0.93 + 0.05 * rng.nextDouble())
        .setEer(0.08 + 0.02 * rng.nextDouble())
        .build();
  }

  static byte[] png(int w, int h) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
