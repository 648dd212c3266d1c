package io.lfsbeam.pipelines;

import io.lfsbeam.align.FaceTemplate;
import io.lfsbeam.insightface.PackFiles;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.JvmProgress;
import io.lfsbeam.io.OutputLock;
import io.lfsbeam.preprocess.AlignFaces;
import io.lfsbeam.preprocess.ContactSheets;
import io.lfsbeam.preprocess.IdentitySplit;
import io.lfsbeam.preprocess.PreprocessConfig;
import io.lfsbeam.preprocess.PreprocessCounters;
import io.lfsbeam.preprocess.PreprocessFaces;
import io.lfsbeam.preprocess.WritePreprocessed;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.schemas.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lfs preprocess}: a face dataset in, aligned Avro shards, pairs, dead letters and a
 * manifest out.
 */
public final class PreprocessPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(PreprocessPipeline.class);

  private PreprocessPipeline() {}

  /** The input's kind, {@code --format=auto} resolved by looking at the path. */
  public static InputFormat format(PreprocessOptions o) throws IOException {
    return o.getFormat().resolve(Paths.get(o.getInput()));
  }

  public static PreprocessConfig config(PreprocessOptions o) {
    AlignmentMethod method = o.getAlignment().schema();
    try {
      FaceTemplate.byName(o.getTemplate()); // the templates are named in one place
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--template: " + e.getMessage(), e);
    }
    return PreprocessConfig.defaults()
        .withAlignment(method)
        .withTemplate(o.getTemplate())
        .withCropScale(o.getCropScale())
        .withMaxPixels(o.getMaxPixels())
        .withMinImagesPerIdentity(o.getMinImagesPerIdentity())
        .withMatchedPairsPerFold(o.getPairsPerFold())
        .withShardsPerSplit(o.getShardsPerSplit())
        .withSeed(o.getSeed());
  }

  public static IdentitySplit split(PreprocessOptions o) {
    IdentitySplit s =
        IdentitySplit.byFractions(
            o.getTrainFraction(), o.getValFraction(), o.getTestFraction(), o.getSeed());
    s = withList(s, Split.TRAIN, o.getTrainIdentities());
    s = withList(s, Split.VAL, o.getValIdentities());
    return withList(s, Split.TEST, o.getTestIdentities());
  }

  private static IdentitySplit withList(IdentitySplit s, Split split, String list) {
    if (list == null || list.isBlank()) {
      return s;
    }
    return s.withExplicit(
        split,
        Arrays.stream(list.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList());
  }

  private static String progressLine(long listed, long aligned, long start) {
    return listed == 0
        ? null
        : "preprocess: aligned " + PipelineProgress.eta(aligned, listed, System.nanoTime() - start);
  }

  /** Refuses, with one line each, option combinations the input cannot serve. */
  public static void checkInput(PreprocessOptions o, InputFormat format, PreprocessConfig config)
      throws IOException {
    if (format == InputFormat.RECORDIO) {
      if (!PackFiles.isPack(o.getInput())) {
        throw new IllegalArgumentException(
            "--input=" + o.getInput() + " holds no train.rec and train.idx");
      }
      if (o.getLandmarks() != null || config.alignment() == AlignmentMethod.LANDMARKS) {
        throw new IllegalArgumentException(
            "a pack has no landmarks (its faces come aligned): use --alignment=none (its default)"
                + " or center-crop, without --landmarks");
      }
      return;
    }
    if (o.getClassNames() != null) {
      throw new IllegalArgumentException("--classNames applies to a pack (--format=recordio)");
    }
    if (config.alignment() == AlignmentMethod.LANDMARKS && o.getLandmarks() == null) {
      throw new IllegalArgumentException(
          "--alignment=landmarks needs --landmarks=FILE (or use --alignment=center-crop)");
    }
  }

  private static PreprocessFaces pack(Path dir, String classNames) {
    PreprocessFaces t = PreprocessFaces.fromPack(dir.toString());
    return classNames == null
        ? t
        : t.withClassNames(Paths.get(classNames).toAbsolutePath().toString());
  }

  /**
   * Builds and runs the pipeline, then draws the contact sheet, holding {@code --output} ({@link
   * OutputLock}); returns the manifest.
   */
  public static DatasetManifest run(PreprocessOptions o) throws Exception {
    try (OutputLock lock = OutputLock.acquire(o.getOutput(), "lfs preprocess")) {
      return runHolding(o);
    }
  }

  private static DatasetManifest runHolding(PreprocessOptions o) throws Exception {
    Path input = Paths.get(o.getInput()).toAbsolutePath().normalize();
    String output = Paths.get(o.getOutput()).toAbsolutePath().normalize().toString();
    PreprocessConfig config = config(o);
    InputFormat format = format(o);
    checkInput(o, format, config);
    if (format == InputFormat.RECORDIO) {
      // a pack whose record 0 is unreadable fails here, in one line, before any pipeline runs
      LOG.info("pack {}: {}", input, PackFiles.readLayout(input.toString()));
    }
    String name = o.getName() != null ? o.getName() : input.getFileName().toString();
    Files.createDirectories(Paths.get(output));
    FileSystems.setDefaultPipelineOptions(o);
    // a rerun replaces: drop shards of an earlier run that used another shard count
    AvroFiles.deleteMatching(output + "/faces/*.avro");
    AvroFiles.deleteMatching(output + "/pairs/*");

    Runners.configure(o);
    Pipeline p = Pipeline.create(o);
    PreprocessFaces transform =
        switch (format) {
          case RECORDIO -> pack(input, o.getClassNames());
          case LIST -> PreprocessFaces.fromList(input.toString());
          default -> PreprocessFaces.fromFolder(input.toString());
        };
    if (o.getLandmarks() != null && config.alignment() == AlignmentMethod.LANDMARKS) {
      transform = transform.withLandmarks(Paths.get(o.getLandmarks()).toAbsolutePath().toString());
    }
    p.apply("Preprocess", transform.withConfig(config).withSplit(split(o)))
        .apply("Write", WritePreprocessed.to(output, name));
    LOG.info("preprocess {} -> {} on {}", input, output, Runners.describe(o));
    long start = System.nanoTime();
    TransformSettings.publish(p);
    PipelineResult.State state =
        PipelineProgress.runLogging(
            p,
            5,
            () ->
                progressLine(
                    JvmProgress.get(AlignFaces.LISTED_PROGRESS),
                    JvmProgress.get(AlignFaces.ALIGNED_PROGRESS),
                    start),
            r ->
                progressLine(
                    PipelineProgress.counter(r, PreprocessCounters.LISTED),
                    PipelineProgress.counter(r, PreprocessCounters.ALIGNED),
                    start));
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("preprocess pipeline ended " + state);
    }
    DatasetManifest m = AvroFiles.read(output + "/manifest.avro", DatasetManifest.class).get(0);
    List<String> shards = AvroFiles.match(output + "/faces/*.avro");
    ContactSheets.writeAligned(shards, output + "/contact_sheet.png", 8, 6);
    LOG.info(
        "preprocess done in {} s: {} inputs = {} accepted + {} dead letters + {} duplicates; {} identities; splits {}",
        (System.nanoTime() - start) / 1_000_000_000L,
        m.getInputs(),
        m.getAccepted(),
        m.getDeadLettered(),
        m.getDuplicates(),
        m.getIdentities(),
        m.getCountsPerSplit());
    return m;
  }
}
