package io.lfsbeam.evaluate;

import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.metrics.LfwPair;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.VerificationPair;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Resolves the pairs of an LFW {@code pairs.txt} ({@code <identity> <n>}) to face ids by {@code
 * AlignedFace.identity} and {@code AlignedFace.imageNumber}, across whatever faces it is given (all
 * splits, so a dataset in LFW's own layout can be evaluated with LFW's own pairs.txt): {@code
 * PCollection<AlignedFace> → PCollection<VerificationPair>}, folds from the file.
 *
 * <p><b>Missing faces fail [choice]:</b> when a pair names an image that is not in the data, no
 * pair comes out and the pipeline fails with an {@link IllegalArgumentException} giving how many
 * names are missing and the first five in name order. Scoring the remaining pairs would report a
 * number under the name of a protocol it did not follow (LFW accuracies are only comparable on all
 * 6,000 pairs); the usual cause, a preprocess that refused some images, is in its dead letters. Two
 * faces with the same identity and number (not produced by preprocess) also fail.
 */
public final class ResolveLfwPairs
    extends PTransform<PCollection<AlignedFace>, PCollection<VerificationPair>> {
  static final int LISTED_MISSING = 5;
  private static final TupleTag<VerificationPair> RESOLVED = new TupleTag<>() {};
  private static final TupleTag<String> MISSING = new TupleTag<>() {};

  /** One pairs.txt line in serialisable form. */
  record NamedPair(
      String leftName, int leftNumber, String rightName, int rightNumber, boolean same, int fold)
      implements Serializable {}

  private final List<NamedPair> pairs;
  private final String source;

  private ResolveLfwPairs(List<NamedPair> pairs, String source) {
    this.pairs = pairs;
    this.source = source;
  }

  /**
   * @param source names the pairs file in error messages
   */
  public static ResolveLfwPairs of(List<LfwPair> pairs, String source) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException(source + " holds no pairs");
    }
    List<NamedPair> named = new ArrayList<>(pairs.size());
    for (LfwPair p : pairs) {
      named.add(
          new NamedPair(
              p.leftName(), p.leftIndex(), p.rightName(), p.rightIndex(), p.same(), p.fold()));
    }
    return new ResolveLfwPairs(List.copyOf(named), source);
  }

  static String key(String identity, int number) {
    return identity + " " + number;
  }

  @Override
  public PCollection<VerificationPair> expand(PCollection<AlignedFace> faces) {
    PCollectionView<Map<String, Iterable<String>>> index =
        faces
            .apply(
                "NameToId",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                    .via(
                        (AlignedFace f) ->
                            KV.of(
                                key(f.getIdentity().toString(), f.getImageNumber()),
                                f.getId().toString())))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
            .apply("NameIndex", View.asMultimap());
    PCollectionTuple resolved =
        faces
            .getPipeline()
            .apply("PairLines", Create.of(pairs).withCoder(SerializableCoder.of(NamedPair.class)))
            .apply(
                "Resolve",
                ParDo.of(new ResolveFn(index))
                    .withSideInputs(index)
                    .withOutputTags(RESOLVED, TupleTagList.of(MISSING)));
    PCollectionView<MissingNames> missing =
        resolved
            .get(MISSING)
            .setCoder(StringUtf8Coder.of())
            .apply("MissingNames", Combine.globally(new MissingFn()))
            .setCoder(SerializableCoder.of(MissingNames.class))
            .apply("MissingView", View.asSingleton());
    // every pair passes one check that runs exactly once, even when no name resolved at all
    PCollectionView<List<VerificationPair>> found =
        resolved
            .get(RESOLVED)
            .setCoder(RecordCoders.of(VerificationPair.class))
            .apply("ResolvedView", View.asList());
    return faces
        .getPipeline()
        .apply("Source", Create.of(source))
        .apply(
            "FailOnMissing",
            ParDo.of(new CheckFn(found, missing, pairs.size())).withSideInputs(found, missing))
        .setCoder(RecordCoders.of(VerificationPair.class));
  }

  private static final class ResolveFn extends DoFn<NamedPair, VerificationPair> {
    private final PCollectionView<Map<String, Iterable<String>>> index;

    ResolveFn(PCollectionView<Map<String, Iterable<String>>> index) {
      this.index = index;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      NamedPair p = c.element();
      Map<String, Iterable<String>> ids = c.sideInput(index);
      String left = lookup(ids, key(p.leftName(), p.leftNumber()), c);
      String right = lookup(ids, key(p.rightName(), p.rightNumber()), c);
      if (left != null && right != null) {
        c.output(
            VerificationPair.newBuilder()
                .setLeftId(left)
                .setRightId(right)
                .setSame(p.same())
                .setFold(p.fold())
                .setGroup(null)
                .build());
      }
    }

    private static String lookup(Map<String, Iterable<String>> ids, String name, ProcessContext c) {
      Iterable<String> found = ids.get(name);
      if (found == null || !found.iterator().hasNext()) {
        c.output(MISSING, name);
        return null;
      }
      TreeSet<String> distinct = new TreeSet<>();
      found.forEach(distinct::add);
      if (distinct.size() > 1) {
        throw new IllegalArgumentException(
            "'"
                + name
                + "' names "
                + distinct.size()
                + " faces "
                + distinct
                + ": identity and image number must be unique");
      }
      return distinct.first();
    }
  }

  /** How many distinct names are missing, and the first few in name order. */
  record MissingNames(long count, List<String> first) implements Serializable {}

  private static final class MissingFn
      extends Combine.CombineFn<String, TreeSet<String>, MissingNames> {
    @Override
    public TreeSet<String> createAccumulator() {
      return new TreeSet<>();
    }

    @Override
    public TreeSet<String> addInput(TreeSet<String> acc, String name) {
      acc.add(name); // every distinct name: at most the pairs' 2·n, a few hundred KB for LFW
      return acc;
    }

    @Override
    public TreeSet<String> mergeAccumulators(Iterable<TreeSet<String>> accs) {
      TreeSet<String> all = new TreeSet<>();
      accs.forEach(all::addAll);
      return all;
    }

    @Override
    public MissingNames extractOutput(TreeSet<String> acc) {
      List<String> first = new ArrayList<>();
      for (String n : acc) {
        if (first.size() == LISTED_MISSING) {
          break;
        }
        first.add(n);
      }
      return new MissingNames(acc.size(), first);
    }

    @Override
    public Coder<TreeSet<String>> getAccumulatorCoder(CoderRegistry registry, Coder<String> input) {
      return SerializableCoder.of((Class<TreeSet<String>>) (Class<?>) TreeSet.class);
    }
  }

  private static final class CheckFn extends DoFn<String, VerificationPair> {
    private final PCollectionView<List<VerificationPair>> found;
    private final PCollectionView<MissingNames> missing;
    private final int total;

    CheckFn(
        PCollectionView<List<VerificationPair>> found,
        PCollectionView<MissingNames> missing,
        int total) {
      this.found = found;
      this.missing = missing;
      this.total = total;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      MissingNames m = c.sideInput(missing);
      if (m.count() > 0) {
        throw new IllegalArgumentException(message(c.element(), total, m));
      }
      c.sideInput(found).forEach(c::output);
    }
  }

  static String message(String source, int total, MissingNames m) {
    return source
        + ": "
        + m.count()
        + " image"
        + (m.count() == 1 ? "" : "s")
        + " named by its "
        + total
        + " pairs "
        + (m.count() == 1 ? "is" : "are")
        + " not in the data (identity + imageNumber, all splits), e.g. "
        + String.join(", ", m.first())
        + (m.count() > m.first().size() ? ", ..." : "")
        + "; see the preprocess dead letters";
  }
}
