package io.lfsbeam.preprocess;

import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
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
 * Groups faces by identity: identities with fewer than the minimum images become dead letters
 * (stage {@code filter}, reason {@code TOO_FEW_IMAGES}, one per image), the others get their LFW
 * image numbers ({@link ImageNumbering}) and their names go to {@link #IDENTITIES}.
 */
public final class GroupIdentities extends PTransform<PCollection<AlignedFace>, PCollectionTuple> {
  public static final TupleTag<AlignedFace> FACES = new TupleTag<>() {};
  public static final TupleTag<String> IDENTITIES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD = new TupleTag<>() {};

  private final int minImages;

  private GroupIdentities(int minImages) {
    this.minImages = minImages;
  }

  public static GroupIdentities withMinImages(int minImages) {
    return new GroupIdentities(minImages);
  }

  @Override
  public PCollectionTuple expand(PCollection<AlignedFace> faces) {
    PCollectionTuple out =
        faces
            .apply(
                "KeyByIdentity",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(AlignedFace.class)))
                    .via((AlignedFace f) -> KV.of(f.getIdentity(), f)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoders.of(AlignedFace.class)))
            .apply("GroupByIdentity", GroupByKey.create())
            .apply(
                "NumberOrRefuse",
                ParDo.of(new NumberFn(minImages))
                    .withOutputTags(FACES, TupleTagList.of(IDENTITIES).and(DEAD)));
    out.get(FACES).setCoder(RecordCoders.of(AlignedFace.class));
    out.get(IDENTITIES).setCoder(StringUtf8Coder.of());
    out.get(DEAD).setCoder(RecordCoders.of(DeadLetter.class));
    return out;
  }

  private static final class NumberFn extends DoFn<KV<String, Iterable<AlignedFace>>, AlignedFace> {
    private final int minImages;

    NumberFn(int minImages) {
      this.minImages = minImages;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<AlignedFace>> group, MultiOutputReceiver out) {
      List<AlignedFace> faces = new ArrayList<>();
      group.getValue().forEach(faces::add);
      if (faces.size() < minImages) {
        for (AlignedFace f : faces) {
          out.get(DEAD)
              .output(
                  DeadLetters.of(
                      f.getSourcePath(),
                      "filter",
                      "TOO_FEW_IMAGES",
                      "identity "
                          + group.getKey()
                          + " has "
                          + faces.size()
                          + " usable images, fewer than "
                          + minImages,
                      f.getId()));
        }
        return;
      }
      List<String> paths = new ArrayList<>();
      faces.forEach(f -> paths.add(f.getSourcePath()));
      Map<String, Integer> numbers = ImageNumbering.number(paths);
      for (AlignedFace f : faces) {
        AlignedFace numbered = PreprocessFaces.shallowCopy(f);
        numbered.setImageNumber(numbers.get(f.getSourcePath()));
        out.get(FACES).output(numbered);
      }
      out.get(IDENTITIES).output(group.getKey());
    }
  }
}
