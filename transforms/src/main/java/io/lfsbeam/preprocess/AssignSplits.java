package io.lfsbeam.preprocess;

import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.AlignedFace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Computes the identity split and label map once over all identity names (a singleton side input)
 * and stamps each face with its label and split.
 */
public final class AssignSplits {
  private AssignSplits() {}

  /** identity → (label, split), as a singleton view. */
  public static PTransform<
          PCollection<String>, PCollectionView<Map<String, IdentitySplit.Assignment>>>
      view(IdentitySplit split) {
    return new PTransform<>() {
      @Override
      public PCollectionView<Map<String, IdentitySplit.Assignment>> expand(
          PCollection<String> identities) {
        return identities
            .apply("AllIdentities", Combine.globally(new ToSortedList()))
            .apply(
                "Assign",
                MapElements.into(
                        TypeDescriptors.maps(
                            TypeDescriptors.strings(),
                            new TypeDescriptor<IdentitySplit.Assignment>() {}))
                    .via((List<String> ids) -> split.assign(ids)))
            .setCoder(
                MapCoder.of(
                    StringUtf8Coder.of(), SerializableCoder.of(IdentitySplit.Assignment.class)))
            .apply("AsSingleton", View.asSingleton());
      }
    };
  }

  /** Faces with the label and split of their identity. */
  public static PTransform<PCollection<AlignedFace>, PCollection<AlignedFace>> apply(
      PCollectionView<Map<String, IdentitySplit.Assignment>> assignments) {
    return new PTransform<>() {
      @Override
      public PCollection<AlignedFace> expand(PCollection<AlignedFace> faces) {
        return faces
            .apply(
                "StampLabelAndSplit",
                ParDo.of(new StampFn(assignments)).withSideInputs(assignments))
            .setCoder(RecordCoders.of(AlignedFace.class));
      }
    };
  }

  private static final class StampFn extends DoFn<AlignedFace, AlignedFace> {
    private final PCollectionView<Map<String, IdentitySplit.Assignment>> view;

    StampFn(PCollectionView<Map<String, IdentitySplit.Assignment>> view) {
      this.view = view;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      AlignedFace f = c.element();
      IdentitySplit.Assignment a = c.sideInput(view).get(f.getIdentity());
      AlignedFace out = PreprocessFaces.shallowCopy(f);
      out.setLabel(a.label());
      out.setSplit(a.split());
      c.output(out);
    }
  }

  /** Identity names sorted, so the split does not depend on arrival order. */
  static final class ToSortedList extends Combine.CombineFn<String, List<String>, List<String>> {
    @Override
    public List<String> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<String> addInput(List<String> acc, String id) {
      acc.add(id);
      return acc;
    }

    @Override
    public List<String> mergeAccumulators(Iterable<List<String>> accs) {
      List<String> all = new ArrayList<>();
      accs.forEach(all::addAll);
      return all;
    }

    @Override
    public List<String> extractOutput(List<String> acc) {
      List<String> sorted = new ArrayList<>(acc);
      sorted.sort(null);
      return sorted;
    }
  }
}
