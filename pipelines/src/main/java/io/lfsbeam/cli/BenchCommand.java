package io.lfsbeam.cli;

import io.lfsbeam.bench.AlignBench;
import io.lfsbeam.bench.DecodeScaling;
import io.lfsbeam.bench.EmbedBench;
import io.lfsbeam.bench.EvalBench;
import io.lfsbeam.bench.LossBench;
import io.lfsbeam.bench.LossTrial;
import io.lfsbeam.bench.MachineInfo;
import io.lfsbeam.bench.PackBench;
import io.lfsbeam.bench.ProfileBench;
import io.lfsbeam.bench.StreamBench;
import io.lfsbeam.bench.SyntheticSplit;
import io.lfsbeam.bench.TrainBench;
import io.lfsbeam.pipelines.BenchOptions;
import io.lfsbeam.search.FixedLoss;
import io.lfsbeam.train.Device;
import io.lfsbeam.train.backbone.BackboneConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code lfs bench}: throughput of the hot paths on this machine (alignment per core, training
 * images/s and memory per backbone, evaluation and embedding), printed as tables with the machine
 * they were measured on. Figures are reported, never asserted.
 */
final class BenchCommand implements Command<BenchOptions> {
  /**
   * Default --steps: timed steps of {@code train}; training steps per loss of {@code losses} (about
   * 2 minutes each on 2 cores).
   */
  private static final int TRAIN_STEPS = 5;

  private static final int LOSS_STEPS = 600;
  private static final Set<String> WHAT =
      Set.of(
          "align", "train", "profile", "eval", "all", "search", "stream", "pack", "losses",
          "scale");

  @Override
  public String positionalOption() {
    return "what";
  }

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "Measure this machine: --what=align|train|eval|all throughput, search overhead, stream (training-data sources), pack (pack source vs Avro shards), losses: held-out accuracy per loss on one budget, or scale: preprocess on growing synthetic sets (prints tables, asserts nothing)";
  }

  @Override
  public Class<BenchOptions> optionsType() {
    return BenchOptions.class;
  }

  @Override
  public void validate(BenchOptions o) {
    if (!WHAT.contains(o.getWhat())) {
      throw new UsageException(
          "--what must be one of align, train, profile, eval, all, search, stream, pack, losses,"
              + " scale; not "
              + o.getWhat());
    }
    Checks.positive("alignFaces", o.getAlignFaces());
    Checks.positive("alignIterations", o.getAlignIterations());
    Checks.positive("warpIterations", o.getWarpIterations());
    Checks.inRange("batchSize", o.getBatchSize(), 2, 4096);
    Checks.inRange("warmupSteps", o.getWarmupSteps(), 0, 1000);
    if (o.getSteps() != null) {
      Checks.positive("steps", o.getSteps());
    }
    Checks.inRange("numClasses", o.getNumClasses(), 2, 10_000_000);
    Checks.inRange("threads", o.getThreads(), 0, 4096);
    Checks.positive("embedBatchSize", o.getEmbedBatchSize());
    Checks.positive("embedBatches", o.getEmbedBatches());
    Checks.positive("evalRuns", o.getEvalRuns());
    Checks.positive("streamFaces", o.getStreamFaces());
    Checks.positive("shuffleBuffer", o.getShuffleBuffer());
    Checks.inRange("decodeThreads", o.getDecodeThreads(), 0, 1024);
    Checks.positive("packFaces", o.getPackFaces());
    Checks.positive("packRuns", o.getPackRuns());
    if (o.getPackDir() != null) {
      Checks.existingPath("packDir", o.getPackDir());
    }
    if (o.getWhat().equals("stream") && o.getStreamFaces() < o.getBatchSize()) {
      throw new UsageException(
          "--streamFaces must hold at least one batch of --batchSize=" + o.getBatchSize());
    }
    presets("presets", o.getPresets());
    BenchScale.sizes(o.getScaleSizes());
    lossNames(o.getLosses());
    Checks.inRange("trainIdentities", o.getTrainIdentities(), 2, 100_000);
    Checks.inRange("heldOutIdentities", o.getHeldOutIdentities(), 2, 100_000);
    Checks.inRange("imagesPerIdentity", o.getImagesPerIdentity(), 2, 1000);
    Checks.positive("pairsPerFold", o.getPairsPerFold());
    Checks.inRange("difficulty", o.getDifficulty(), 0, 1);
    presets("embedPresets", o.getEmbedPresets());
    try {
      Device.parse(o.getDevice());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--device=" + o.getDevice() + ": " + e.getMessage());
    }
  }

  @Override
  public int run(BenchOptions o) throws Exception {
    System.out.println("machine: " + MachineInfo.describe());
    System.out.println();
    String what = o.getWhat();
    if (what.equals("align") || what.equals("all")) {
      align(o);
    }
    if (what.equals("train") || what.equals("all")) {
      TrainBench bench =
          TrainBench.create()
              .withBatchSize(o.getBatchSize())
              .withWarmupSteps(o.getWarmupSteps())
              .withSteps(o.getSteps() == null ? TRAIN_STEPS : o.getSteps())
              .withNumClasses(o.getNumClasses())
              .withThreads(o.getThreads())
              .withDevice(Device.parse(o.getDevice()));
      List<TrainBench.Result> results = new ArrayList<>();
      for (BackboneConfig b : presets("presets", o.getPresets())) {
        results.add(bench.run(b));
      }
      TrainBench.table(results, o.getThreads()).print(System.out);
    }
    if (what.equals("profile")) {
      // not part of "all": a diagnosis, not a figure
      for (BackboneConfig b : presets("presets", o.getPresets())) {
        ProfileBench.table(
                ProfileBench.run(
                    b,
                    o.getBatchSize(),
                    o.getNumClasses(),
                    Math.max(1, o.getWarmupSteps()),
                    o.getSteps() == null ? 3 : o.getSteps(),
                    o.getThreads()),
                25)
            .print(System.out);
      }
    }
    if (what.equals("eval") || what.equals("all")) {
      EvalBench.table(EvalBench.run(o.getEvalRuns()), o.getEvalRuns()).print(System.out);
      List<EmbedBench.Result> results = new ArrayList<>();
      for (BackboneConfig b : presets("embedPresets", o.getEmbedPresets())) {
        results.add(EmbedBench.run(b, o.getEmbedBatchSize(), o.getEmbedBatches()));
      }
      EmbedBench.table(results).print(System.out);
    }
    if (what.equals("search")) {
      // minutes, so not part of "all": rounds of about a minute on the DirectRunner and on Flink
      // [local]
      Path dir =
          o.getFacesDir() == null
              ? Files.createTempDirectory("lfs-bench-search-")
              : Paths.get(o.getFacesDir());
      SearchOverheadBench.run(dir, 2, 2, o.getSearchSteps(), System.out);
    }
    if (what.equals("stream")) {
      // not part of "all": it encodes, writes and decodes thousands of PNGs
      Path dir = Files.createTempDirectory("lfs-bench-stream-");
      try {
        List<String> shards = StreamBench.writeShards(dir, o.getStreamFaces());
        StreamBench.table(
                StreamBench.run(dir, shards, o.getShuffleBuffer(), o.getBatchSize()),
                o.getBatchSize())
            .print(System.out);
        int maxThreads = o.getDecodeThreads() > 0 ? o.getDecodeThreads() : MachineInfo.cores();
        List<DecodeScaling.Point> scaling =
            DecodeScaling.run(shards, o.getShuffleBuffer(), maxThreads);
        DecodeScaling.table(scaling, o.getStreamFaces(), o.getShuffleBuffer()).print(System.out);
        DecodeScaling.printFeedLine(scaling, System.out);
      } finally {
        deleteRecursively(dir);
      }
    }
    if (what.equals("pack")) {
      // not part of "all": it writes three copies of the faces
      Path dir = Files.createTempDirectory("lfs-bench-pack-");
      try {
        Path pack = o.getPackDir() == null ? null : Paths.get(o.getPackDir());
        PackBench.table(
                PackBench.run(pack, dir, o.getPackFaces(), o.getPackRuns()), o.getPackRuns())
            .print(System.out);
      } finally {
        deleteRecursively(dir);
      }
    }
    if (what.equals("losses")) {
      // minutes, so not part of "all"
      losses(o);
    }
    if (what.equals("scale")) {
      // minutes to hours (the 100k set), so not part of "all"
      BenchScale.run(o, System.out);
    }
    return 0;
  }

  /** Every loss on the same synthetic set, seed and step budget, then the table. */
  private static void losses(BenchOptions o) {
    SyntheticSplit.Spec faces =
        new SyntheticSplit.Spec(
            o.getTrainIdentities(),
            o.getHeldOutIdentities(),
            o.getImagesPerIdentity(),
            o.getPairsPerFold(),
            o.getDifficulty());
    LossTrial.Budget budget =
        new LossTrial.Budget(
            BackboneConfig.tiny(),
            o.getSteps() == null ? LOSS_STEPS : o.getSteps(),
            o.getBatchSize(),
            o.getSeed(),
            o.getThreads());
    List<LossTrial.Outcome> outcomes =
        LossBench.run(lossNames(o.getLosses()), faces, budget, System.out);
    System.out.println();
    LossBench.table(outcomes, faces, budget).print(System.out);
  }

  private static List<String> lossNames(String names) {
    return Checks.list(
        "losses",
        names,
        n -> {
          String name = FixedLoss.canonicalName(n);
          if (!FixedLoss.NAMES.contains(name)) {
            throw new IllegalArgumentException(
                "unknown loss '" + name + "' (" + String.join(", ", FixedLoss.NAMES) + ")");
          }
          return name;
        });
  }

  private static void align(BenchOptions o) throws IOException {
    Path dir =
        o.getFacesDir() == null
            ? Files.createTempDirectory("lfs-bench-faces-")
            : Paths.get(o.getFacesDir());
    try {
      Path landmarks = dir.resolve("landmarks.txt");
      if (!Files.exists(landmarks)) {
        AlignBench.writeFaces(dir, o.getAlignFaces());
      }
      List<AlignBench.Face> faces = AlignBench.readFaces(landmarks);
      AlignBench.table(AlignBench.run(faces, o.getAlignIterations(), o.getWarpIterations()))
          .print(System.out);
      if (o.getFacesDir() != null) {
        Path aligned = AlignBench.writeAligned(faces, dir.resolve(AlignBench.ALIGNED_DIR));
        System.out.println(
            "aligned faces (for the reference's --compare): " + aligned.toAbsolutePath());
        System.out.println(
            "python reference: python3 bench/align_reference.py --compare "
                + landmarks.toAbsolutePath());
        System.out.println();
      }
    } finally {
      if (o.getFacesDir() == null) {
        deleteRecursively(dir);
      }
    }
  }

  private static List<BackboneConfig> presets(String option, String names) {
    return Checks.list(option, names, BackboneConfig::preset);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
