package io.lfsbeam.examples;

import io.lfsbeam.evaluate.EmbedFaces;
import io.lfsbeam.evaluate.EmbedFacesWithDeadLetters;
import io.lfsbeam.io.GenericRecords;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.preprocess.PreprocessConfig;
import io.lfsbeam.preprocess.PreprocessFaces;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceEmbedding;
import io.lfsbeam.schemas.FaceImage;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * A data engineer's pipeline around lfs-beam: a CSV manifest of face image URIs and identities
 * (optionally their landmarks) → the faces aligned and preprocessed by lfs-beam → embedded with a
 * trained model → Parquet files a warehouse or a search index reads.
 *
 * <pre>
 * manifest.csv ─TextIO─▶ FaceImage ─PreprocessFaces.fromImages─▶ AlignedFace ─EmbedFaces─▶ FaceEmbedding
 *                                                                              └─ParquetIO─▶ embeddings-*.parquet
 *                          every line, image or face refused on the way ─────────ParquetIO─▶ dead_letters-*.parquet
 * </pre>
 *
 * <p>Run it with any Beam runner, e.g. {@code --runner=FlinkRunner --flinkMaster=[local]}.
 */
public final class ManifestEmbeddings {
  private ManifestEmbeddings() {}

  /** The example's options; any Beam runner option may be added. */
  public interface Options extends PipelineOptions {
    @Description(
        "CSV manifest: uri,identity[,x1,y1,...,x5,y5] per line (a header 'uri,...' is skipped)")
    @Validation.Required
    String getManifest();

    void setManifest(String value);

    @Description("SavedModel directory exported by lfs train / lfs search (its model/ folder)")
    @Validation.Required
    String getModel();

    void setModel(String value);

    @Description("Output folder: embeddings-*.parquet and dead_letters-*.parquet")
    @Validation.Required
    String getOutput();

    void setOutput(String value);

    @Description(
        "How faces are aligned: landmarks (the manifest's 10 coordinates; a line without them is a"
            + " dead letter LANDMARKS_MISSING) or center-crop (manifests without landmarks)")
    @Default.Enum("LANDMARKS")
    AlignmentMethod getAlignment();

    void setAlignment(AlignmentMethod value);

    @Description("Embed each face and its mirror image (flip fusion)")
    @Default.Boolean(false)
    boolean getFlipFusion();

    void setFlipFusion(boolean value);
  }

  /** Adds the example's transforms to {@code p}. */
  public static void build(Pipeline p, Options o) {
    // 1. the manifest, read with Beam's own IO: every line an image reference or a dead letter
    PCollectionTuple lines =
        p.apply("ReadManifest", TextIO.read().from(o.getManifest()))
            .apply(
                "ParseManifest",
                ParDo.of(new ManifestLines(o.getManifest()))
                    .withOutputTags(ManifestLines.IMAGES, TupleTagList.of(ManifestLines.DEAD)));
    PCollection<FaceImage> images =
        lines.get(ManifestLines.IMAGES).setCoder(RecordCoders.of(FaceImage.class));

    // 2. lfs-beam: read, align to the ArcFace template, drop duplicates, number identities
    PreprocessFaces.Result faces =
        p.apply(
            "Preprocess",
            PreprocessFaces.fromImages(images)
                .withConfig(PreprocessConfig.defaults().withAlignment(o.getAlignment())));

    // 3. lfs-beam: embed with the trained model; a face it cannot embed is a dead letter
    PCollectionTuple embedded =
        faces
            .faces()
            .apply(
                "Embed",
                EmbedFaces.withModel(o.getModel())
                    .withFlipFusion(o.getFlipFusion())
                    .withDeadLetters());

    // 4. Parquet for the warehouse, with Beam's ParquetIO
    writeParquet(
        embedded.get(EmbedFacesWithDeadLetters.EMBEDDINGS),
        FaceEmbedding.class,
        o.getOutput(),
        "embeddings");
    PCollection<DeadLetter> dead =
        PCollectionList.of(
                lines.get(ManifestLines.DEAD).setCoder(RecordCoders.of(DeadLetter.class)))
            .and(faces.deadLetters())
            .and(faces.duplicates())
            .and(embedded.get(EmbedFacesWithDeadLetters.DEAD))
            .apply("AllDeadLetters", Flatten.pCollections());
    writeParquet(dead, DeadLetter.class, o.getOutput(), "dead_letters");
  }

  private static <T extends SpecificRecord> void writeParquet(
      PCollection<T> records, Class<T> type, String output, String prefix) {
    Schema schema = SpecificData.get().getSchema(type);
    records
        .apply("ToGeneric-" + prefix, GenericRecords.of(type))
        .apply(
            "Write-" + prefix,
            FileIO.<GenericRecord>write()
                .via(ParquetIO.sink(schema))
                .to(output)
                .withPrefix(prefix)
                .withSuffix(".parquet")
                .withNumShards(1));
  }

  public static PipelineResult.State run(Options o) {
    Pipeline p = Pipeline.create(o);
    build(p, o);
    return p.run().waitUntilFinish();
  }

  public static void main(String[] args) {
    Options o = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    PipelineResult.State state = run(o);
    if (state != PipelineResult.State.DONE) {
      System.err.println("manifest embeddings: pipeline ended " + state);
      System.exit(1);
    }
  }
}
