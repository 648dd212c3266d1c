package io.lfsbeam.insightface;

import com.google.auto.value.AutoValue;
import io.lfsbeam.evaluate.EvaluateModel;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.VerificationPair;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads a verification .bin into the faces and pairs {@link EvaluateModel} takes (tags {@link
 * EvaluateModel#FACES} and {@link EvaluateModel#PAIRS}), as {@link BinFaces} defines them:
 *
 * <pre>{@code
 * EvaluateModel.Result r = p.apply("lfw", ReadVerificationBin.from("/data/lfw.bin").withImageSize(112, 112))
 *     .apply(EvaluateModel.of("/models/run7").withEvalSet("lfw").withFlipFusion(true));
 * }</pre>
 *
 * <p>The file is parsed on one worker (a pickle is read front to back); its distinct encoded images
 * are then redistributed and decoded in parallel. A malformed or refused file, an image that does
 * not decode or has another size fails the pipeline with the one-line message of {@link
 * VerificationBinException} or {@link BinFaces#face}. Counter {@link #DECODED} counts decoded
 * images.
 */
@AutoValue
public abstract class ReadVerificationBin extends PTransform<PBegin, PCollectionTuple> {
  public static final String NAMESPACE = "lfs.insightface";

  /** Images of a .bin decoded so far. */
  public static final MetricName DECODED = MetricName.named(NAMESPACE, "binImages");

  /** The input size of the models of this project (the ArcFace template). */
  public static final int DEFAULT_IMAGE_SIZE = 112;

  private static final TupleTag<KV<Integer, byte[]>> IMAGES = new TupleTag<>("images") {};

  abstract String uri();

  abstract String name();

  abstract int height();

  abstract int width();

  abstract Builder toBuilder();

  /** A .bin on any Beam filesystem; named by its base name, 112×112 images expected. */
  public static ReadVerificationBin from(String uri) {
    return new AutoValue_ReadVerificationBin.Builder()
        .setUri(uri)
        .setName(BinFaces.setName(uri))
        .setHeight(DEFAULT_IMAGE_SIZE)
        .setWidth(DEFAULT_IMAGE_SIZE)
        .build();
  }

  /** The set name used in face ids (and usually as the evaluation set's name). */
  public ReadVerificationBin withName(String setName) {
    return toBuilder().setName(setName).build();
  }

  /** The size every image must have: the model's input size. */
  public ReadVerificationBin withImageSize(int imageHeight, int imageWidth) {
    if (imageHeight < 1 || imageWidth < 1) {
      throw new IllegalArgumentException("image size must be positive");
    }
    return toBuilder().setHeight(imageHeight).setWidth(imageWidth).build();
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setUri(String uri);

    abstract Builder setName(String name);

    abstract Builder setHeight(int height);

    abstract Builder setWidth(int width);

    abstract ReadVerificationBin build();
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple parsed =
        begin
            .apply("File", Create.of(uri()).withCoder(StringUtf8Coder.of()))
            .apply(
                "Parse",
                ParDo.of(new ParseFn(name()))
                    .withOutputTags(IMAGES, TupleTagList.of(EvaluateModel.PAIRS)));
    PCollection<AlignedFace> faces =
        parsed
            .get(IMAGES)
            .setCoder(KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of()))
            .apply("Spread", Reshuffle.viaRandomKey())
            .apply("Decode", ParDo.of(new DecodeFn(name(), height(), width())))
            .setCoder(RecordCoders.of(AlignedFace.class));
    PCollection<VerificationPair> pairs =
        parsed.get(EvaluateModel.PAIRS).setCoder(RecordCoders.of(VerificationPair.class));
    return PCollectionTuple.of(EvaluateModel.FACES, faces).and(EvaluateModel.PAIRS, pairs);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("file", uri()).withLabel("Verification .bin"))
        .add(DisplayData.item("name", name()).withLabel("Set name"))
        .add(DisplayData.item("imageSize", height() + "x" + width()).withLabel("Image size (HxW)"));
  }

  /** The whole pickle → each distinct image (by first position) and every pair. */
  private static final class ParseFn extends DoFn<String, KV<Integer, byte[]>> {
    private final String name;

    ParseFn(String name) {
      this.name = name;
    }

    @ProcessElement
    public void process(@Element String file, MultiOutputReceiver out) throws Exception {
      VerificationBin bin = VerificationBin.read(file);
      List<VerificationPair> pairs = BinFaces.pairs(name, bin);
      for (int index : BinFaces.distinctImages(bin)) {
        out.get(IMAGES).output(KV.of(index, bin.images().get(index)));
      }
      pairs.forEach(out.get(EvaluateModel.PAIRS)::output);
    }
  }

  private static final class DecodeFn extends DoFn<KV<Integer, byte[]>, AlignedFace> {
    private final Counter decoded = Metrics.counter(NAMESPACE, DECODED.getName());
    private final String name;
    private final int height;
    private final int width;

    DecodeFn(String name, int height, int width) {
      this.name = name;
      this.height = height;
      this.width = width;
    }

    @ProcessElement
    public void process(@Element KV<Integer, byte[]> image, OutputReceiver<AlignedFace> out) {
      out.output(BinFaces.face(name, image.getKey(), image.getValue(), height, width));
      decoded.inc();
    }
  }
}
