package io.lfsbeam.pipelines;

import io.lfsbeam.evaluate.EmbedFaces;
import io.lfsbeam.evaluate.EmbedFacesWithDeadLetters;
import io.lfsbeam.evaluate.Embedder;
import io.lfsbeam.evaluate.EvaluateModel;
import io.lfsbeam.insightface.PackFiles;
import io.lfsbeam.insightface.ReadVerificationBin;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.GenericRecords;
import io.lfsbeam.io.JvmProgress;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.io.WriteSortedAvro;
import io.lfsbeam.preprocess.AlignFaces;
import io.lfsbeam.preprocess.AttachLandmarks;
import io.lfsbeam.preprocess.ListFaceImages;
import io.lfsbeam.preprocess.PackFaces;
import io.lfsbeam.preprocess.PreprocessConfig;
import io.lfsbeam.preprocess.StableHash;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceEmbedding;
import io.lfsbeam.schemas.FaceImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lfs embed}: a model and faces in (a preprocess output, a pack, a .bin, or a folder that is
 * aligned on the way), one {@link FaceEmbedding} per face and a dead letter per face that could not
 * be read, aligned or embedded out.
 */
public final class EmbedPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(EmbedPipeline.class);

  /** The file names of the output folder. */
  public static final String EMBEDDINGS = "embeddings";

  public static final String DEAD_LETTERS = "dead_letters.avro";

  private EmbedPipeline() {}

  /** What {@code --input} is, by looking at it. */
  public enum Input {
    /** A preprocess output: faces/*.avro and manifest.avro. */
    PREPROCESSED,
    /** An insightface pack: train.rec and train.idx. */
    PACK,
    /** A verification .bin file. */
    BIN,
    /** A folder with one sub-folder of images per identity. */
    FOLDER;

    public static Input of(Path input) throws IOException {
      if (Files.isRegularFile(input)) {
        return BIN;
      }
      if (Files.isDirectory(input.resolve("faces"))
          && Files.isRegularFile(input.resolve("manifest.avro"))) {
        return PREPROCESSED;
      }
      return PackFiles.isPack(input.toString()) ? PACK : FOLDER;
    }
  }

  /** What a run wrote: faces embedded, dead letters per reason, the embedding files. */
  public record Summary(long embedded, Map<String, Long> deadLetters, Input input) {
    public long deadLettered() {
      return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * How a folder is aligned: by its landmarks unless {@code --alignment=center-crop}; a pack's
   * faces are kept as they are.
   */
  public static AlignmentMethod alignment(EmbedOptions o, Input input) {
    if (input == Input.PACK) {
      return AlignmentMethod.NONE;
    }
    if (o.getAlignment() != null) {
      return o.getAlignment().schema();
    }
    return AlignmentMethod.LANDMARKS;
  }

  /** Builds and runs the pipeline; returns what it wrote. */
  public static Summary run(EmbedOptions o) throws Exception {
    Path input = Paths.get(o.getInput()).toAbsolutePath().normalize();
    String model = Paths.get(o.getModel()).toAbsolutePath().normalize().toString();
    String output = Paths.get(o.getOutput()).toAbsolutePath().normalize().toString();
    Input kind = Input.of(input);
    Files.createDirectories(Paths.get(output));
    FileSystems.setDefaultPipelineOptions(o);
    // a rerun replaces: drop the files of an earlier run (another shard count or format)
    AvroFiles.deleteMatching(output + "/" + EMBEDDINGS + "-*");
    AvroFiles.deleteMatching(output + "/" + DEAD_LETTERS);

    Runners.configure(o);
    Pipeline p = Pipeline.create(o);
    PCollectionList<DeadLetter> dead = PCollectionList.empty(p);
    PCollection<AlignedFace> faces;
    long known = -1;
    switch (kind) {
      case PREPROCESSED -> {
        faces = p.apply("ReadFaces", AvroIO.read(AlignedFace.class).from(input + "/faces/*.avro"));
        known =
            AvroFiles.read(input + "/manifest.avro", DatasetManifest.class).get(0).getAccepted();
      }
      case BIN -> {
        int[] size = modelInputSize(model);
        faces =
            p.apply(
                    "ReadBin",
                    ReadVerificationBin.from(input.toString()).withImageSize(size[0], size[1]))
                .get(EvaluateModel.FACES);
      }
      case PACK -> {
        PackFaces pack = PackFaces.from(input.toString());
        if (o.getClassNames() != null) {
          pack = pack.withClassNames(Paths.get(o.getClassNames()).toAbsolutePath().toString());
        }
        PCollectionTuple read = p.apply("ReadPack", pack);
        faces = read.get(PackFaces.ALIGNED);
        dead = dead.and(read.get(PackFaces.DEAD));
      }
      default -> {
        PreprocessConfig config = PreprocessConfig.defaults().withAlignment(alignment(o, kind));
        PCollectionTuple listed = p.apply("List", ListFaceImages.fromFolder(input.toString()));
        PCollection<FaceImage> images = listed.get(ListFaceImages.FACES);
        if (o.getLandmarks() != null && config.alignment() == AlignmentMethod.LANDMARKS) {
          PCollectionTuple attached =
              images.apply(
                  "AttachLandmarks",
                  AttachLandmarks.from(Paths.get(o.getLandmarks()).toAbsolutePath().toString()));
          images = attached.get(AttachLandmarks.FACES);
          dead = dead.and(attached.get(AttachLandmarks.DEAD));
        }
        PCollectionTuple aligned = images.apply("Align", AlignFaces.with(config));
        faces = aligned.get(AlignFaces.ALIGNED);
        dead = dead.and(listed.get(ListFaceImages.DEAD)).and(aligned.get(AlignFaces.DEAD));
      }
    }
    PCollectionTuple embedded =
        faces.apply(
            "Embed",
            EmbedFaces.withModel(model)
                .withFlipFusion(o.getFlipFusion())
                .withBatchSize(o.getBatchSize())
                .withDeadLetters());
    PCollection<FaceEmbedding> embeddings = embedded.get(EmbedFacesWithDeadLetters.EMBEDDINGS);
    write(embeddings, o.getFormat(), output, o.getShards());
    dead.and(embedded.get(EmbedFacesWithDeadLetters.DEAD))
        .apply("AllDeadLetters", Flatten.pCollections())
        .setCoder(RecordCoders.of(DeadLetter.class))
        .apply(
            "WriteDeadLetters",
            WriteSortedAvro.of(
                DeadLetter.class,
                output,
                d -> DEAD_LETTERS,
                d -> d.getSource() + "\t" + d.getStage() + "\t" + d.getReason()));

    LOG.info("embed {} ({}) with {} -> {} on {}", input, kind, model, output, Runners.describe(o));
    long start = System.nanoTime();
    long total = known;
    TransformSettings.publish(p);
    PipelineResult result =
        PipelineProgress.runLoggingResult(
            p,
            5,
            () ->
                progressLine(
                    JvmProgress.get(EmbedFacesWithDeadLetters.PROGRESS),
                    total >= 0 ? total : JvmProgress.get(AlignFaces.LISTED_PROGRESS),
                    start),
            r ->
                progressLine(
                    PipelineProgress.counter(r, EmbedFaces.EMBEDDED)
                        + PipelineProgress.counter(r, EmbedFacesWithDeadLetters.DEAD_LETTERED),
                    total,
                    start));
    if (result.getState() != PipelineResult.State.DONE) {
      throw new IllegalStateException("embed pipeline ended " + result.getState());
    }
    Map<String, Long> reasons = new TreeMap<>();
    if (!AvroFiles.match(output + "/" + DEAD_LETTERS).isEmpty()) {
      for (DeadLetter d : AvroFiles.read(output + "/" + DEAD_LETTERS, DeadLetter.class)) {
        reasons.merge(d.getReason(), 1L, Long::sum);
      }
    }
    Summary s = new Summary(PipelineProgress.counter(result, EmbedFaces.EMBEDDED), reasons, kind);
    LOG.info(
        "embed done in {} s: {} faces embedded, {} dead letters {}",
        (System.nanoTime() - start) / 1_000_000_000L,
        s.embedded(),
        s.deadLettered(),
        reasons);
    return s;
  }

  private static String progressLine(long done, long total, long start) {
    if (done == 0) {
      return null;
    }
    return total > 0
        ? "embed: faces " + PipelineProgress.eta(done, total, System.nanoTime() - start)
        : "embed: faces " + done;
  }

  /** The embeddings in the chosen format, spread over {@code shards} files by face id. */
  static void write(
      PCollection<FaceEmbedding> embeddings,
      EmbedOptions.Format format,
      String output,
      int shards) {
    if (format == EmbedOptions.Format.PARQUET) {
      embeddings
          .apply("ToGeneric", GenericRecords.of(FaceEmbedding.class))
          .apply(
              "WriteParquet",
              FileIO.<GenericRecord>write()
                  .via(ParquetIO.sink(FaceEmbedding.getClassSchema()))
                  .to(output)
                  .withPrefix(EMBEDDINGS)
                  .withSuffix(".parquet")
                  .withNumShards(shards));
      return;
    }
    embeddings.apply(
        "WriteAvro",
        WriteSortedAvro.of(
            FaceEmbedding.class,
            output,
            e -> shardName(e.getId(), shards),
            e -> e.getId().toString()));
  }

  /** {@code embeddings-NNNNN-of-NNNNN.avro}: a pure function of the face id. */
  static String shardName(String id, int shards) {
    int shard =
        (int) Long.remainderUnsigned(Long.parseUnsignedLong(StableHash.faceId(id), 16), shards);
    return String.format(Locale.ROOT, "%s-%05d-of-%05d.avro", EMBEDDINGS, shard, shards);
  }

  /** The model's input height and width, from its signature. */
  static int[] modelInputSize(String model) throws IOException {
    try (Embedder e = Embedder.load(Paths.get(model))) {
      return new int[] {e.height(), e.width()};
    }
  }
}
