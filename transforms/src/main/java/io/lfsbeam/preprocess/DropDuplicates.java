package io.lfsbeam.preprocess;

import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DeadLetter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one face per source content hash: the one with the smallest source path, so the choice does
 * not depend on the runner's order. The others go to {@link #DUPLICATES} as records with stage
 * {@code dedup}, reason {@code DUPLICATE} and the kept path in the message; they are counted apart
 * from dead letters in the manifest.
 */
public final class DropDuplicates extends PTransform<PCollection<AlignedFace>, PCollectionTuple> {
  public static final TupleTag<AlignedFace> KEPT = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DUPLICATES = new TupleTag<>() {};

  public static DropDuplicates byContentHash() {
    return new DropDuplicates();
  }

  @Override
  public PCollectionTuple expand(PCollection<AlignedFace> faces) {
    PCollectionTuple out =
        faces
            .apply(
                "KeyByHash",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(AlignedFace.class)))
                    .via((AlignedFace f) -> KV.of(f.getContentHash(), f)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoders.of(AlignedFace.class)))
            .apply("GroupByHash", GroupByKey.create())
            .apply(
                "KeepFirst",
                ParDo.of(new KeepFirstFn()).withOutputTags(KEPT, TupleTagList.of(DUPLICATES)));
    out.get(KEPT).setCoder(RecordCoders.of(AlignedFace.class));
    out.get(DUPLICATES).setCoder(RecordCoders.of(DeadLetter.class));
    return out;
  }

  private static final class KeepFirstFn
      extends DoFn<KV<String, Iterable<AlignedFace>>, AlignedFace> {
    private final Counter dropped = PreprocessCounters.counter(PreprocessCounters.DUPLICATES);

    @ProcessElement
    public void process(@Element KV<String, Iterable<AlignedFace>> group, MultiOutputReceiver out) {
      List<AlignedFace> all = new ArrayList<>();
      group.getValue().forEach(all::add);
      all.sort(Comparator.comparing(AlignedFace::getSourcePath).thenComparing(AlignedFace::getId));
      AlignedFace kept = all.get(0);
      out.get(KEPT).output(kept);
      for (AlignedFace d : all.subList(1, all.size())) {
        dropped.inc();
        out.get(DUPLICATES)
            .output(
                DeadLetter.newBuilder()
                    .setSource(d.getSourcePath())
                    .setStage("dedup")
                    .setReason("DUPLICATE")
                    .setMessage("same bytes as " + kept.getSourcePath())
                    .setRecordId(d.getId())
                    .build());
      }
    }
  }
}
