package io.lfsbeam.pipelines;

import io.lfsbeam.align.FaceTemplate;
import io.lfsbeam.insightface.PackClassNames;
import io.lfsbeam.insightface.PackFiles;
import io.lfsbeam.insightface.PackLayout;
import io.lfsbeam.insightface.RecordIoFile;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.JvmProgress;
import io.lfsbeam.io.LocalPaths;
import io.lfsbeam.io.OutputLock;
import io.lfsbeam.io.StartupTimes;
import io.lfsbeam.preprocess.AlignFaces;
import io.lfsbeam.preprocess.ContactSheets;
import io.lfsbeam.preprocess.EmptyInput;
import io.lfsbeam.preprocess.IdentitySplit;
import io.lfsbeam.preprocess.InputNotes;
import io.lfsbeam.preprocess.PackFaces;
import io.lfsbeam.preprocess.PreprocessConfig;
import io.lfsbeam.preprocess.PreprocessCounters;
import io.lfsbeam.preprocess.PreprocessFaces;
import io.lfsbeam.preprocess.PreprocessOutput;
import io.lfsbeam.preprocess.ShardEntry;
import io.lfsbeam.preprocess.WritePreprocessed;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.schemas.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /**
   * Refuses, with one line each, option combinations the input cannot serve, an input with nothing
   * in it ({@link EmptyInput}: the same rule for a folder, a list and a pack), a pack whose files
   * leave its folder through links, a class-names file that is not one, and an output that overlaps
   * the input ({@link Places}) or holds files a preprocess does not write ({@link
   * PreprocessOutput}).
   */
  public static void checkInput(PreprocessOptions o, InputFormat format, PreprocessConfig config)
      throws IOException {
    Path input = Paths.get(o.getInput());
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
      for (String f : new String[] {RecordIoFile.REC, RecordIoFile.IDX, RecordIoFile.PROPERTY}) {
        Path file = input.resolve(f);
        if (Files.exists(file) && !LocalPaths.within(file, input)) {
          throw new IllegalArgumentException(
              "--input="
                  + o.getInput()
                  + ": "
                  + f
                  + " is a symbolic link that leaves the pack folder (to "
                  + LocalPaths.canonical(file)
                  + "); give the folder that holds the pack's files");
        }
      }
      if (o.getClassNames() != null) {
        try {
          PackClassNames.parse(Files.readString(Paths.get(o.getClassNames())));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "--classNames=" + o.getClassNames() + ": " + e.getMessage(), e);
        }
      }
    } else {
      if (o.getClassNames() != null) {
        throw new IllegalArgumentException("--classNames applies to a pack (--format=recordio)");
      }
      if (config.alignment() == AlignmentMethod.LANDMARKS && o.getLandmarks() == null) {
        throw new IllegalArgumentException(
            "--alignment=landmarks needs --landmarks=FILE (or use --alignment=center-crop)");
      }
    }
    String empty =
        switch (format) {
          case RECORDIO -> EmptyInput.pack(input);
          case LIST -> EmptyInput.list(input);
          default -> EmptyInput.folder(input);
        };
    if (empty != null) {
      throw new IllegalArgumentException(
          "--input=" + o.getInput() + " holds no images (" + empty + "): nothing to preprocess");
    }
    checkOutput(o, format);
  }

  /**
   * The output lies apart from every place read (for a list, the folder its paths are read from)
   * and is new, empty or an earlier preprocess output.
   */
  static void checkOutput(PreprocessOptions o, InputFormat format) throws IOException {
    Path input = Paths.get(o.getInput());
    Places.Input read =
        format == InputFormat.LIST
            ? new Places.Input(
                "the folder of --input=" + o.getInput() + " (its paths are read from there)",
                input.toAbsolutePath().getParent())
            : Places.Input.of("input", o.getInput());
    Places.apart(
        "output",
        o.getOutput(),
        Arrays.asList(
            read,
            Places.Input.of("landmarks", o.getLandmarks()),
            Places.Input.of("classNames", o.getClassNames())));
    String problem = PreprocessOutput.problem(Paths.get(o.getOutput()));
    if (problem != null) {
      throw new IllegalArgumentException("--output=" + o.getOutput() + " " + problem);
    }
  }

  private static PreprocessFaces pack(Path dir, String classNames) {
    PreprocessFaces t = PreprocessFaces.fromPack(dir.toString());
    return classNames == null
        ? t
        : t.withClassNames(Paths.get(classNames).toAbsolutePath().toString());
  }

  /**
   * The input where it really is: a folder or pack by its real path, a list file in the real path
   * of its folder (the root its paths are read from; the list itself may be a link).
   */
  private static Path realInput(PreprocessOptions o, InputFormat format) throws IOException {
    Path given = Paths.get(o.getInput()).toAbsolutePath();
    return format == InputFormat.LIST
        ? given.getParent().toRealPath().resolve(given.getFileName())
        : given.toRealPath();
  }

  /**
   * What the manifest's notes say about the input, one line per topic: the landmark lines by kind,
   * and what a pack's record 0 declares against what its index holds. Empty when there is nothing
   * to say.
   */
  public static List<String> inputReport(DatasetManifest m) {
    Map<String, Long> n = m.getNotes();
    List<String> lines = new ArrayList<>();
    if (n.containsKey(InputNotes.LANDMARK_LINES)) {
      lines.add(
          String.format(
              Locale.ROOT,
              "landmark lines: %d = %d matched + %d malformed + %d non-finite + %d unmatched + %d"
                  + " repeated",
              n.get(InputNotes.LANDMARK_LINES),
              n.getOrDefault(InputNotes.LANDMARK_LINES_MATCHED, 0L),
              n.getOrDefault(InputNotes.LANDMARK_LINES_MALFORMED, 0L),
              n.getOrDefault(InputNotes.LANDMARK_LINES_NON_FINITE, 0L),
              n.getOrDefault(InputNotes.LANDMARK_LINES_UNMATCHED, 0L),
              n.getOrDefault(InputNotes.LANDMARK_LINES_REPEATED, 0L)));
    }
    if (n.containsKey(InputNotes.PACK_DECLARED_FACES)) {
      long missing = n.getOrDefault(InputNotes.PACK_MISSING_FROM_INDEX, 0L);
      lines.add(
          String.format(
              Locale.ROOT,
              "pack: record 0 declares %d faces, train.idx names %d%s",
              n.get(InputNotes.PACK_DECLARED_FACES),
              n.getOrDefault(InputNotes.PACK_INDEXED_FACES, 0L),
              missing == 0
                  ? ""
                  : "; warning: "
                      + missing
                      + " declared faces have no index line (dead letters MISSING_FROM_INDEX):"
                      + " train.idx is truncated or cut"));
    }
    return lines;
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
    PreprocessConfig config = config(o);
    InputFormat format = format(o);
    checkInput(o, format, config);
    Path input = realInput(o, format);
    if (format == InputFormat.RECORDIO) {
      // a pack whose record 0 is unreadable, or declares more faces than train.rec can hold,
      // fails here, in one line, before any pipeline runs
      PackLayout layout = PackFiles.readLayout(input.toString());
      if (layout.hasHeader()) {
        PackFaces.checkDeclarable(input.toString(), layout.declaredFaces());
      }
      LOG.info("pack {}: {}", input, layout);
    }
    String name =
        o.getName() != null
            ? o.getName()
            : Paths.get(o.getInput()).toAbsolutePath().normalize().getFileName().toString();
    Path outputDir = Paths.get(o.getOutput()).toAbsolutePath().normalize();
    String output = outputDir.toString();
    // a rerun replaces every file of the earlier run (and nothing else)
    List<String> replaced = PreprocessOutput.clear(outputDir);
    if (!replaced.isEmpty()) {
      LOG.info("preprocess: replacing an earlier output in {} ({})", output, replaced);
    }
    Files.createDirectories(outputDir);
    FileSystems.setDefaultPipelineOptions(o);

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
    StartupTimes.mark("pipeline built");
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
    long decodes = ShardEntry.imageDecodes();
    if (decodes > 0 && m.getAccepted() > 0) {
      // in this JVM only (the embedded runner): how often a PNG was copied out of Beam's encoding
      // between the prepare step and its shard
      LOG.info(
          "images decoded from Beam's encoding: {} ({} per accepted face)",
          decodes,
          String.format(Locale.ROOT, "%.2f", decodes / (double) m.getAccepted()));
    }
    List<String> shards = AvroFiles.match(output + "/faces/*.avro");
    ContactSheets.writeAligned(shards, output + "/contact_sheet.png", 8, 6);
    inputReport(m).forEach(line -> LOG.info("preprocess: {}", line));
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
