package io.lfsbeam.preprocess;

import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.AlignedFace;
import java.nio.ByteBuffer;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The accepted faces as whole records, image included: each labelled record of {@link
 * PreprocessFaces.Result#metadata()} joined by face id with the PNG the prepare step made. For a
 * pipeline of the library's user that needs the pixels after preprocessing (embedding, its own
 * sink); {@code lfs preprocess} itself never applies it, its images meet their decisions in the
 * shard writer ({@link WriteFaceShards}). Images without a decision (duplicates, refused
 * identities) are dropped; a decision without its image fails, as in the shard writer.
 */
final class JoinFaceImages extends PTransform<PreprocessFaces.Result, PCollection<AlignedFace>> {
  private static final TupleTag<ShardEntry> IMAGES = new TupleTag<>() {};
  private static final TupleTag<ShardEntry> DECISIONS = new TupleTag<>() {};

  @Override
  public PCollection<AlignedFace> expand(PreprocessFaces.Result r) {
    KvCoder<String, ShardEntry> coder = KvCoder.of(StringUtf8Coder.of(), ShardEntry.Coder.of());
    PCollection<KV<String, ShardEntry>> images =
        r.prepared().apply("ImagesById", ParDo.of(new ImageByIdFn())).setCoder(coder);
    PCollection<KV<String, ShardEntry>> decisions =
        r.metadata().apply("DecisionsById", ParDo.of(new DecisionByIdFn())).setCoder(coder);
    return KeyedPCollectionTuple.of(IMAGES, images)
        .and(DECISIONS, decisions)
        .apply("JoinById", CoGroupByKey.create())
        .apply("WithImage", ParDo.of(new WithImageFn()))
        .setCoder(RecordCoders.of(AlignedFace.class));
  }

  private static final class ImageByIdFn
      extends DoFn<KV<Integer, ShardEntry>, KV<String, ShardEntry>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, ShardEntry> e, OutputReceiver<KV<String, ShardEntry>> out) {
      if (e.getValue().kind() == ShardEntry.Kind.FACE) {
        out.output(KV.of(e.getValue().id(), e.getValue()));
      }
    }
  }

  private static final class DecisionByIdFn extends DoFn<AlignedFace, KV<String, ShardEntry>> {
    @ProcessElement
    public void process(@Element AlignedFace f, OutputReceiver<KV<String, ShardEntry>> out) {
      out.output(KV.of(f.getId(), ShardEntry.decision(f)));
    }
  }

  private static final class WithImageFn extends DoFn<KV<String, CoGbkResult>, AlignedFace> {
    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> e, OutputReceiver<AlignedFace> out) {
      ShardEntry decision = e.getValue().getOnly(DECISIONS, null);
      if (decision == null) {
        return; // a duplicate or a face of a refused identity
      }
      ShardEntry image = e.getValue().getOnly(IMAGES, null);
      if (image == null) {
        throw new IllegalStateException("no image for accepted face " + e.getKey());
      }
      AlignedFace f = PreprocessFaces.shallowCopy(decision.record());
      f.setImage(ByteBuffer.wrap(image.png()));
      out.output(f);
    }
  }
}
