package io.lfsbeam.search.runner;

import io.lfsbeam.evaluate.MetricsAssembly;
import io.lfsbeam.evaluate.PairScoreRecords;
import io.lfsbeam.evaluate.PairScores;
import io.lfsbeam.evaluate.RocTsv;
import io.lfsbeam.evaluate.ScoredPair;
import io.lfsbeam.evaluate.VerificationSet;
import io.lfsbeam.io.AtomicDirectory;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.TextFiles;
import io.lfsbeam.metrics.Embeddings;
import io.lfsbeam.report.RocPlot;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.PairScore;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import io.lfsbeam.schemas.VerificationPair;
import io.lfsbeam.search.CandidateRunner;
import io.lfsbeam.search.Rung;
import io.lfsbeam.search.SearchLayout;
import io.lfsbeam.tf.TensorFlowEngine;
import io.lfsbeam.train.ChildProcessTrainer;
import io.lfsbeam.train.Device;
import io.lfsbeam.train.EmbeddingNormWindow;
import io.lfsbeam.train.FitConfig;
import io.lfsbeam.train.LearningRateSchedule;
import io.lfsbeam.train.SavedModelExporter;
import io.lfsbeam.train.SgdOptimizer;
import io.lfsbeam.train.StreamedTrainingData;
import io.lfsbeam.train.Trainer;
import io.lfsbeam.train.TrainingJob;
import io.lfsbeam.train.TrainingSummary;
import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.checkpoint.CheckpointIO;
import io.lfsbeam.train.loss.GraphLoss;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.display.DisplayData;

/**
 * The real training stage: each candidate trains with TensorFlow (graph mode) from the round's
 * start checkpoint for the configured epochs/steps, in this JVM or in a child JVM, and writes its
 * checkpoint to {@link SearchLayout#candidateCheckpoint}; evaluation restores it and scores the
 * validation pairs (the reward).
 */
public final class TensorFlowCandidateRunner implements CandidateRunner {
  private final String dataDir;
  private final String outputDir;
  private final TrainSettings settings;
  private final EvalSets evalSets;
  private final SearchData data;
  private FaceEmbedder evaluator;

  private TensorFlowCandidateRunner(
      String dataDir, String outputDir, TrainSettings settings, EvalSets evalSets)
      throws Exception {
    TensorFlowEngine.load();
    this.dataDir = dataDir;
    this.outputDir = outputDir;
    this.settings = settings;
    this.evalSets = evalSets;
    this.data = SearchData.load(dataDir, settings);
  }

  /**
   * A factory that workers call in {@code @Setup}, rewarding and testing on the preprocess pairs;
   * its display data are the data folder and the training settings.
   */
  public static CandidateRunner.Factory factory(
      String dataDir, String outputDir, TrainSettings settings) {
    return factory(dataDir, outputDir, settings, EvalSets.preprocessPairs());
  }

  /** A factory that workers call in {@code @Setup}, scoring on {@code evalSets}. */
  public static CandidateRunner.Factory factory(
      String dataDir, String outputDir, TrainSettings settings, EvalSets evalSets) {
    return new Factory(dataDir, outputDir, settings, evalSets);
  }

  private record Factory(
      String dataDir, String outputDir, TrainSettings settings, EvalSets evalSets)
      implements CandidateRunner.Factory {
    @Override
    public CandidateRunner create() throws Exception {
      return new TensorFlowCandidateRunner(dataDir, outputDir, settings, evalSets);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      builder
          .add(DisplayData.item("data", dataDir).withLabel("Preprocess output (training data)"))
          .add(DisplayData.item("rewardSet", evalSets.rewardSet()).withLabel("Reward set"))
          .include("training", settings);
      if (!evalSets.testBins().isEmpty()) {
        builder.add(
            DisplayData.item("testBins", String.join(",", evalSets.testBins()))
                .withLabel("Test .bin sets"));
      }
    }
  }

  /**
   * Writes the shared initial weights every round-1 candidate starts from (METHOD §3: one seeded
   * init), so candidates differ only in their loss and data order.
   */
  public static String writeInitialCheckpoint(
      String dataDir, String outputDir, TrainSettings settings, long seed, LossFamily family)
      throws Exception {
    TensorFlowEngine.load();
    SearchData d = SearchData.load(dataDir, settings);
    String uri = SearchLayout.at(outputDir).initialCheckpoint();
    // the plain softmax head has a bias that the normalised heads lack: build the init with the
    // head the candidates will have (any normalised loss gives the same variables)
    LossFamily head = family == LossFamily.SOFTMAX ? LossFamily.SOFTMAX : LossFamily.NORMFACE;
    try (Trainer t =
        trainer(
            settings,
            d.numClasses(),
            seed,
            CandidateLosses.of(head, LossParams.newBuilder().build(), false))) {
      t.saveCheckpoint(uri);
    }
    return uri;
  }

  @Override
  public TrainResult train(LossCandidate c) throws Exception {
    return train(c, Rung.whole(), null);
  }

  /**
   * Trains the candidate's whole round, or one rung of it: the round's steps [from, to) continued
   * from the previous rung's checkpoint (every variable it holds: weights, BatchNorm statistics,
   * momentum, a loss's running state; and the step counter, so the learning rate follows the same
   * schedule), over the same data order ({@link FitConfig#resumeAtStep}). The result counts this
   * rung alone; {@link io.lfsbeam.search.RungResults} adds the earlier rungs.
   */
  @Override
  public TrainResult train(LossCandidate c, Rung rung, TrainResult previous) throws Exception {
    FaultInjection.Kind fault = FaultInjection.forCandidate(settings.faults(), c);
    if (fault == FaultInjection.Kind.THROW) {
      throw new IllegalStateException(
          "injected fault: the training stage of round "
              + c.getRound()
              + " candidate "
              + c.getIndex()
              + " threw");
    }
    String ckpt =
        SearchLayout.at(outputDir)
            .candidateCheckpoint(c.getRound(), c.getIndex(), rung.index(), rung.count());
    String startCheckpoint = rung.isFirst() ? c.getStartCheckpoint() : previous.getCheckpointUri();
    long maxSteps = rung.isWholeRound() ? settings.stepsPerRound() : rung.toStep();
    boolean poison = fault == FaultInjection.Kind.NAN;
    long start = System.currentTimeMillis();
    TrainingSummary s;
    if (settings.isolation() == TrainSettings.Isolation.CHILD_PROCESS
        || fault == FaultInjection.Kind.CRASH
        || fault == FaultInjection.Kind.HANG) {
      TrainingJob.Builder job = TrainingJob.builder();
      if (data.train()
          instanceof StreamedTrainingData streamed) { // the child streams the same shards
        job.streamedData(streamed.shards(), streamed.shuffleBuffer(), streamed.decodeThreads());
      } else {
        job.data(data.trainArrayFile(SearchLayout.at(outputDir).cache()));
      }
      job.backbone(settings.backbone())
          .numClasses(data.numClasses())
          .loss(CandidateLosses.class, CandidateLosses.params(c, poison))
          .seed(c.getSeed())
          .device(settings.device())
          .learningRate(LearningRateSchedule.parse(settings.learningRate()))
          .momentum(settings.momentum())
          .weightDecay(settings.weightDecay())
          .epochs(epochs())
          .maxSteps(maxSteps)
          .resumeAtStep(rung.fromStep())
          .batchSize(settings.batchSize())
          .startEpoch(startEpoch(c))
          .outputCheckpoint(ckpt)
          .threads(settings.threads());
      if (settings.embeddingSize() > 0) {
        job.embeddingSize(settings.embeddingSize());
      }
      if (startCheckpoint != null) {
        job.startCheckpoint(startCheckpoint);
      }
      if (fault == FaultInjection.Kind.CRASH) {
        job.haltWithExitCode(134);
      }
      if (fault == FaultInjection.Kind.HANG) {
        job.hangSeconds(FaultInjection.HANG_SECONDS);
      }
      s =
          ChildProcessTrainer.create()
              .withHangTimeout(settings.childTimeout())
              .run(job.build(), settings.device(), null);
    } else {
      try (Trainer t =
          trainer(
              settings,
              data.numClasses(),
              c.getSeed(),
              CandidateLosses.of(c.getFamily(), c.getParams(), poison))) {
        if (startCheckpoint != null) {
          t.restoreCheckpoint(startCheckpoint);
        }
        s = t.fit(data.train(), fitConfig(c, maxSteps, rung.fromStep()), null);
        if (s.status() == TrainingSummary.Status.OK) {
          t.saveCheckpoint(ckpt);
        }
      }
    }
    boolean ok = s.status() == TrainingSummary.Status.OK;
    if (ok && fault == FaultInjection.Kind.DIVERGED) {
      FaultInjection.poisonWeights(ckpt);
    }
    long end = System.currentTimeMillis();
    EmbeddingNormWindow.Stats norms = s.norms();
    return TrainResult.newBuilder()
        .setCandidate(c)
        .setStatus(TrainStatus.valueOf(s.status().name()))
        .setMessage(s.message())
        .setSteps(s.steps())
        .setEpochs(s.epochs())
        .setFirstLoss(finite(s.firstLoss()))
        .setFinalLoss(finite(s.finalLoss()))
        .setImagesPerSecond(s.imagesPerSecond())
        .setDevice(s.device() == null ? settings.device() : s.device())
        .setCheckpointUri(ok ? ckpt : null)
        .setStartMillis(start)
        .setEndMillis(end)
        .setWallMillis(end - start)
        .setNormMin(norms == null ? null : finite(norms.min()))
        .setNormMedian(norms == null ? null : finite(norms.median()))
        .setNormMax(norms == null ? null : finite(norms.max()))
        .setLossState(new java.util.LinkedHashMap<>(s.lossState()))
        .setTrainingSeconds((end - start) / 1000.0)
        .setImagesSeen(s.steps() * settings.batchSize())
        .build();
  }

  @Override
  public EvalMetrics evaluate(TrainResult trained) throws Exception {
    VerificationSet reward =
        evalSets.valBin() == null ? data.valSet() : data.binSet(evalSets.valBin());
    return score(trained.getCheckpointUri(), reward, trained.getCandidate()).evaluation().metrics();
  }

  /**
   * The final model on every test set: the preprocess test pairs when the data has them, then each
   * test .bin; the first set's ROC is {@code final/roc.tsv}/{@code .png}, the others' {@code
   * final/roc-<set>.tsv}/{@code .png}.
   */
  @Override
  public List<EvalMetrics> finish(PolicyState state) throws Exception {
    SearchLayout layout = SearchLayout.at(outputDir);
    // published whole: a rerun's model replaces the earlier one in one step, and a process killed
    // while exporting leaves the earlier model (or, after the swap, the new one), never half of one
    var best = CheckpointIO.read(state.getBestCheckpoint());
    AtomicDirectory.replace(
        Paths.get(layout.model()), dir -> SavedModelExporter.export(backbone(settings), best, dir));
    List<VerificationSet> sets = new ArrayList<>();
    if (!data.testSet().isEmpty() || evalSets.testBins().isEmpty()) {
      sets.add(data.testSet());
    }
    for (String bin : evalSets.testBins()) {
      sets.add(data.binSet(bin));
    }
    List<EvalMetrics> out = new ArrayList<>();
    List<PairScore> pairScores = new ArrayList<>();
    for (VerificationSet set : sets) {
      Scored scored = score(state.getBestCheckpoint(), set, state.getBestCandidate());
      MetricsAssembly.Evaluation e = scored.evaluation();
      if (e.roc() == null) {
        throw new IllegalStateException(
            "the final model "
                + state.getBestCheckpoint()
                + " embeds "
                + e.metrics().getNonFiniteEmbeddings()
                + " "
                + set.name()
                + " faces as NaN or infinity");
      }
      pairScores.addAll(PairScoreRecords.of(set.name(), scored.pairs()));
      boolean primary = out.isEmpty();
      TextFiles.write(
          primary ? layout.rocTsv() : layout.rocTsv(set.name()), RocTsv.format(e.roc()));
      RocPlot.write(
          e.roc(),
          "Final model, " + set.name() + " pairs",
          Paths.get(primary ? layout.rocPng() : layout.rocPng(set.name())));
      out.add(e.metrics());
    }
    // every pair's score of every test set, so compare can pair final models pair by pair (the
    // test-pair part of its interval)
    AvroFiles.write(layout.testPairScores(), PairScore.getClassSchema(), pairScores);
    return out;
  }

  /**
   * The metrics of one scoring and the scored pairs they came from (for a diverged model: the
   * metrics of {@link MetricsAssembly#diverged}, no ROC and no pairs).
   */
  private record Scored(MetricsAssembly.Evaluation evaluation, PairScores pairs) {}

  private Scored score(String checkpoint, VerificationSet set, LossCandidate candidate)
      throws Exception {
    String evalSet = set.name();
    List<AlignedFace> faces = set.faces();
    if (set.isEmpty()) {
      throw new IllegalStateException(
          "no "
              + evalSet
              + " pairs under "
              + dataDir
              + "/pairs: cannot score (give a verification .bin with --valBin / --testBins)");
    }
    if (evaluator == null) {
      evaluator =
          new FaceEmbedder(
              trainer(
                  settings,
                  data.numClasses(),
                  0,
                  CandidateLosses.of(LossFamily.NORMFACE, LossParams.newBuilder().build(), false)),
              settings.flipFusion());
    }
    evaluator.restore(checkpoint);
    Map<String, float[]> embeddings = evaluator.embed(faces);
    int nonFinite = (int) embeddings.values().stream().filter(e -> !Embeddings.isFinite(e)).count();
    if (nonFinite > 0) {
      // a diverged model: its reward is not chance level but no reward at all (recorded as NAN)
      EvalMetrics diverged =
          MetricsAssembly.diverged(checkpoint, evalSet, set.pairs().size(), nonFinite);
      return new Scored(
          new MetricsAssembly.Evaluation(
              EvalMetrics.newBuilder(diverged).setCandidate(candidate).build(), null),
          null);
    }
    List<ScoredPair> scored = new ArrayList<>(set.pairs().size());
    for (VerificationPair p : set.pairs()) {
      float[] a = embeddings.get(p.getLeftId());
      float[] b = embeddings.get(p.getRightId());
      if (a == null || b == null) {
        throw new IllegalStateException(
            "a "
                + evalSet
                + " pair names a face that is not in the "
                + evalSet
                + " split: "
                + (a == null ? p.getLeftId() : p.getRightId()));
      }
      scored.add(ScoredPair.of(p, a, b));
    }
    PairScores pairScores = PairScores.of(scored);
    MetricsAssembly.Evaluation e = MetricsAssembly.assemble(checkpoint, evalSet, pairScores, null);
    return new Scored(
        new MetricsAssembly.Evaluation(
            EvalMetrics.newBuilder(e.metrics())
                .setCandidate(candidate)
                .setFlipFusion(settings.flipFusion())
                .build(),
            e.roc()),
        pairScores);
  }

  static BackboneConfig backbone(TrainSettings s) {
    BackboneConfig backbone = BackboneConfig.preset(s.backbone());
    return s.embeddingSize() > 0
        ? backbone.toBuilder().embeddingSize(s.embeddingSize()).build()
        : backbone;
  }

  static Trainer trainer(TrainSettings s, int numClasses, long seed, GraphLoss loss) {
    return Trainer.builder()
        .setBackbone(backbone(s))
        .setLoss(loss)
        .setNumClasses(numClasses)
        .optSeed(seed)
        .optOptimizer(
            SgdOptimizer.builder()
                .setLearningRate(LearningRateSchedule.parse(s.learningRate()))
                .optMomentum(s.momentum())
                .optWeightDecay(s.weightDecay())
                .build())
        .optDevice(Device.parse(s.device()))
        .optThreads(s.threads())
        .build();
  }

  private FitConfig fitConfig(LossCandidate c, long maxSteps, long resumeAtStep) {
    return FitConfig.builder()
        .epochs(epochs())
        .maxSteps(maxSteps)
        .batchSize(settings.batchSize())
        .flip(true)
        .startEpoch(startEpoch(c))
        .resumeAtStep(resumeAtStep)
        .build();
  }

  private int epochs() {
    return settings.effectiveEpochsPerRound(data.train().size());
  }

  /** Each round draws a fresh data order: epochs are numbered across rounds. */
  private long startEpoch(LossCandidate c) {
    return (long) (c.getRound() - 1) * Math.max(1, epochs());
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  @Override
  public void close() {
    if (evaluator != null) {
      evaluator.close();
    }
  }
}
