package io.lfsbeam.preprocess;

import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.schemas.VerificationPair;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Verification pairs for the val and test splits ({@link PairGenerator}), one {@link SplitPairs}
 * per split.
 */
public final class BuildPairs
    extends PTransform<PCollection<AlignedFace>, PCollection<BuildPairs.SplitPairs>> {
  private final int matchedPerFold;
  private final long seed;

  /** The pairs of one split, with each face's LFW name so they can be written as pairs.txt. */
  public record SplitPairs(
      String split, List<VerificationPair> pairs, Map<String, PairGenerator.FaceRef> faces)
      implements Serializable {}

  private BuildPairs(int matchedPerFold, long seed) {
    this.matchedPerFold = matchedPerFold;
    this.seed = seed;
  }

  public static BuildPairs of(int matchedPerFold, long seed) {
    return new BuildPairs(matchedPerFold, seed);
  }

  @Override
  public PCollection<SplitPairs> expand(PCollection<AlignedFace> faces) {
    return faces
        .apply(
            "EvalFaces",
            ParDo.of(
                new DoFn<AlignedFace, KV<String, PairGenerator.FaceRef>>() {
                  @ProcessElement
                  public void process(
                      @Element AlignedFace f,
                      OutputReceiver<KV<String, PairGenerator.FaceRef>> out) {
                    if (f.getSplit() == Split.VAL || f.getSplit() == Split.TEST) {
                      out.output(
                          KV.of(
                              f.getSplit().name().toLowerCase(Locale.ROOT),
                              new PairGenerator.FaceRef(
                                  f.getId(), f.getIdentity(), f.getImageNumber())));
                    }
                  }
                }))
        .setCoder(
            KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(PairGenerator.FaceRef.class)))
        .apply("GroupBySplit", GroupByKey.create())
        .apply("Generate", ParDo.of(new GenerateFn(matchedPerFold, seed)))
        .setCoder(SerializableCoder.of(SplitPairs.class));
  }

  private static final class GenerateFn
      extends DoFn<KV<String, Iterable<PairGenerator.FaceRef>>, SplitPairs> {
    private final int matchedPerFold;
    private final long seed;

    GenerateFn(int matchedPerFold, long seed) {
      this.matchedPerFold = matchedPerFold;
      this.seed = seed;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<PairGenerator.FaceRef>> split,
        OutputReceiver<SplitPairs> out) {
      List<PairGenerator.FaceRef> faces = new ArrayList<>();
      split.getValue().forEach(faces::add);
      faces.sort(Comparator.comparing(PairGenerator.FaceRef::id));
      // each split draws from its own seed so val and test pairs are independent
      long splitSeed = StableHash.of(seed, split.getKey());
      List<VerificationPair> pairs = new PairGenerator(matchedPerFold, splitSeed).generate(faces);
      Map<String, PairGenerator.FaceRef> byId = new HashMap<>();
      faces.forEach(f -> byId.put(f.id(), f));
      Map<String, PairGenerator.FaceRef> used = new TreeMap<>();
      for (VerificationPair p : pairs) {
        used.put(p.getLeftId(), byId.get(p.getLeftId()));
        used.put(p.getRightId(), byId.get(p.getRightId()));
      }
      out.output(new SplitPairs(split.getKey(), pairs, used));
    }
  }
}
