package io.lfsbeam.preprocess;

import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceImage;
import java.nio.ByteBuffer;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads, decodes and aligns each image and gives it back as a whole {@link AlignedFace} (label and
 * split not yet assigned) or as a {@link DeadLetter} with its stage and reason: the alignment
 * alone, for a pipeline that needs aligned faces without the rest of the preprocess (embedding a
 * folder, say). It is {@link PrepareFaces} (the one fused read-decode-align-encode step) with the
 * record and its PNG put back together in the same step, so no image crosses a grouping here.
 * {@link PreprocessFaces} keeps them apart instead, so its images cross one grouping, to the shard
 * writer.
 */
public final class AlignFaces extends PTransform<PCollection<FaceImage>, PCollectionTuple> {
  public static final TupleTag<AlignedFace> ALIGNED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD = new TupleTag<>() {};

  /** {@link io.lfsbeam.io.JvmProgress} counts of images listed and aligned, for progress lines. */
  public static final String LISTED_PROGRESS = "preprocess/listed";

  public static final String ALIGNED_PROGRESS = "preprocess/aligned";

  private final PreprocessConfig config;

  private AlignFaces(PreprocessConfig config) {
    this.config = config;
  }

  public static AlignFaces with(PreprocessConfig config) {
    return new AlignFaces(config);
  }

  @Override
  public PCollectionTuple expand(PCollection<FaceImage> images) {
    PCollectionTuple out =
        images
            .apply("Prepare", PrepareFaces.with(config))
            .apply(
                "WholeRecords",
                ParDo.of(new WholeRecordFn()).withOutputTags(ALIGNED, TupleTagList.of(DEAD)));
    out.get(ALIGNED).setCoder(RecordCoders.of(AlignedFace.class));
    out.get(DEAD).setCoder(RecordCoders.of(DeadLetter.class));
    return out;
  }

  /** A prepared entry as a whole record with its image, or its dead letter. */
  private static final class WholeRecordFn extends DoFn<KV<Integer, ShardEntry>, AlignedFace> {
    @ProcessElement
    public void process(@Element KV<Integer, ShardEntry> e, MultiOutputReceiver out) {
      ShardEntry entry = e.getValue();
      switch (entry.kind()) {
        case FACE -> {
          AlignedFace f = PreprocessFaces.shallowCopy(entry.record());
          f.setImage(ByteBuffer.wrap(entry.png()));
          out.get(ALIGNED).output(f);
        }
        case DEAD -> out.get(DEAD).output(entry.deadLetter());
        case DECISION -> throw new IllegalStateException("a decision among prepared faces");
      }
    }
  }

  /** Whole aligned-face records. */
  static final class AlignFn {
    private AlignFn() {}

    /** The record of a face that aligned, with its PNG; label and split come later. */
    static AlignedFace alignedFace(
        String id, String identity, String path, FacePreparer.Outcome o, byte[] sourceBytes) {
      AlignedFace f = PrepareFaces.record(id, identity, path, o, sourceBytes);
      f.setImage(ByteBuffer.wrap(o.png()));
      return f;
    }
  }
}
