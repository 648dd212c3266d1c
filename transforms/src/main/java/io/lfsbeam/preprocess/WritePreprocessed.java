package io.lfsbeam.preprocess;

import io.lfsbeam.align.AlignResult;
import io.lfsbeam.align.FaceTemplate;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.IdentityNames;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.io.TextFiles;
import io.lfsbeam.io.WriteSortedAvro;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceImage;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.schemas.VerificationPair;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a preprocess result under one folder, with fixed names ({@link PreprocessOutput#NAMES};
 * the driver removes an earlier run's files first, so a rerun leaves none of them behind):
 *
 * <pre>
 *   faces/{train,val,test}-SSSSS-of-NNNNN.avro   AlignedFace shards (record → shard by stable hash of its id; WriteFaceShards)
 *   pairs/{val,test}.avro, pairs/{val,test}_pairs.txt   VerificationPair records and LFW pairs.txt
 *   labels.tsv                                    identity, label, split
 *   dead_letters.avro, duplicates.avro            every refused and every dropped record
 *   manifest.avro, manifest.json                  DatasetManifest (counts reconcile with the inputs;
 *                                                 notes: landmark lines by kind, a pack's declared
 *                                                 faces against its index)
 * </pre>
 *
 * Output: the manifest.
 */
public final class WritePreprocessed
    extends PTransform<PreprocessFaces.Result, PCollection<DatasetManifest>> {
  private static final Logger LOG = LoggerFactory.getLogger(WritePreprocessed.class);
  private final String output;
  private final String name;

  private WritePreprocessed(String output, String name) {
    this.output = ListFaceImages.stripSlash(output);
    this.name = name;
  }

  public static WritePreprocessed to(String output, String datasetName) {
    return new WritePreprocessed(output, datasetName);
  }

  @Override
  public PCollection<DatasetManifest> expand(PreprocessFaces.Result r) {
    PCollection<String> faceFiles = r.apply("WriteFaces", WriteFaceShards.to(output + "/faces"));
    r.deadLetters()
        .apply(
            "WriteDeadLetters",
            WriteSortedAvro.of(
                DeadLetter.class,
                output,
                d -> "dead_letters.avro",
                d -> d.getSource() + "|" + d.getStage()));
    r.duplicates()
        .apply(
            "WriteDuplicates",
            WriteSortedAvro.of(
                DeadLetter.class, output, d -> "duplicates.avro", DeadLetter::getSource));
    r.pairs().apply("WritePairs", ParDo.of(new WritePairsFn(output + "/pairs")));

    // every count of the manifest in one summing grouping, keyed by what it counts: Flink runs
    // each grouping as its own tasks and sorters, which dominate a small run's fixed cost
    PCollectionView<Map<String, Long>> counts =
        PCollectionList.of(
                r.inputs().apply("Inputs", MapElements.via(new Tagged<FaceImage>(INPUTS, f -> ""))))
            .and(
                r.duplicates()
                    .apply(
                        "Duplicates", MapElements.via(new Tagged<DeadLetter>(DUPLICATES, d -> ""))))
            .and(
                r.deadLetters()
                    .apply("Reasons", MapElements.via(new Tagged<>(REASON, DeadLetter::getReason))))
            .and(
                r.metadata()
                    .apply(
                        "Splits",
                        MapElements.via(new Tagged<AlignedFace>(SPLIT, f -> f.getSplit().name()))))
            .and(
                r.notes()
                    .apply(
                        "Notes",
                        MapElements.into(
                                TypeDescriptors.kvs(
                                    TypeDescriptors.strings(), TypeDescriptors.longs()))
                            .via(kv -> KV.of(NOTE + kv.getKey(), kv.getValue()))))
            .apply("AllCounts", Flatten.pCollections())
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
            .apply("SumCounts", Sum.longsPerKey())
            .apply("CountsMap", View.asMap());
    PCollectionView<String> fingerprint =
        r.metadata()
            // one combine (View.asSingleton after Combine.globally would combine a second time)
            .apply("Fingerprint", Combine.globally(new FingerprintFn()).asSingletonView());
    PCollectionView<List<String>> files =
        PCollectionList.of(faceFiles)
            .apply("AllFiles", Flatten.pCollections())
            .setCoder(StringUtf8Coder.of())
            .apply("FileList", Combine.globally(new AssignSplits.ToSortedList()).asSingletonView());

    ManifestFn fn =
        new ManifestFn(output, name, r.config(), counts, fingerprint, files, r.assignments());
    return r.getPipeline()
        .apply("ManifestTrigger", Create.of(name))
        .apply(
            "WriteManifest",
            ParDo.of(fn).withSideInputs(counts, fingerprint, files, r.assignments()))
        .setCoder(RecordCoders.of(DatasetManifest.class));
  }

  /** The keys of the summed counts: a kind, then (for a count per value) the value. */
  private static final String INPUTS = "inputs";

  private static final String DUPLICATES = "duplicates";
  private static final String REASON = "reason:";
  private static final String SPLIT = "split:";
  private static final String NOTE = "note:";

  /** The counts whose key starts with {@code prefix}, by the rest of their key, sorted. */
  private static Map<String, Long> withPrefix(Map<String, Long> counts, String prefix) {
    Map<String, Long> m = new TreeMap<>();
    counts.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            m.put(k.substring(prefix.length()), v);
          }
        });
    return m;
  }

  /** One count of 1 for an element, keyed by {@code kind} and the element's value. */
  private static final class Tagged<T> extends SimpleFunction<T, KV<String, Long>> {
    private final String kind;
    private final SerializableFunction<T, String> value;

    Tagged(String kind, SerializableFunction<T, String> value) {
      this.kind = kind;
      this.value = value;
    }

    @Override
    public KV<String, Long> apply(T element) {
      return KV.of(kind + value.apply(element), 1L);
    }
  }

  private static final class WritePairsFn extends DoFn<BuildPairs.SplitPairs, Void> {
    private final String dir;

    WritePairsFn(String dir) {
      this.dir = dir;
    }

    @ProcessElement
    public void process(@Element BuildPairs.SplitPairs sp) throws Exception {
      AvroFiles.write(
          dir + "/" + sp.split() + ".avro", VerificationPair.getClassSchema(), sp.pairs());
      if (sp.pairs().isEmpty()) {
        LOG.warn(
            "split {} has no verification pairs (too few identities or images); no {}_pairs.txt",
            sp.split(),
            sp.split());
        return;
      }
      try {
        TextFiles.write(
            dir + "/" + sp.split() + "_pairs.txt", LfwPairsText.format(sp.pairs(), sp.faces()));
      } catch (IllegalArgumentException e) {
        // e.g. an identity name with whitespace, which pairs.txt cannot express; the Avro pairs
        // stand
        LOG.warn("split {}: pairs.txt not written: {}", sp.split(), e.getMessage());
      }
    }
  }

  private static final class ManifestFn extends DoFn<String, DatasetManifest> {
    private final String output;
    private final String name;
    private final PreprocessConfig config;
    private final PCollectionView<Map<String, Long>> counts;
    private final PCollectionView<String> fingerprint;
    private final PCollectionView<List<String>> files;
    private final PCollectionView<Map<String, IdentitySplit.Assignment>> assignments;

    ManifestFn(
        String output,
        String name,
        PreprocessConfig config,
        PCollectionView<Map<String, Long>> counts,
        PCollectionView<String> fingerprint,
        PCollectionView<List<String>> files,
        PCollectionView<Map<String, IdentitySplit.Assignment>> assignments) {
      this.output = output;
      this.name = name;
      this.config = config;
      this.counts = counts;
      this.fingerprint = fingerprint;
      this.files = files;
      this.assignments = assignments;
    }

    @ProcessElement
    public void process(ProcessContext c) throws Exception {
      Map<String, Long> all = c.sideInput(counts);
      Map<String, Long> reasons = withPrefix(all, REASON);
      Map<String, Long> notes = withPrefix(all, NOTE);
      Map<String, Long> perSplit = withPrefix(all, SPLIT);
      Map<String, Long> splits = new TreeMap<>();
      for (Split s : new Split[] {Split.TRAIN, Split.VAL, Split.TEST}) {
        splits.put(s.name().toLowerCase(Locale.ROOT), perSplit.getOrDefault(s.name(), 0L));
      }
      Map<String, IdentitySplit.Assignment> ids = c.sideInput(assignments);
      Map<String, Long> idsPerSplit = new TreeMap<>();
      splits.keySet().forEach(k -> idsPerSplit.put(k, 0L));
      StringBuilder labels = new StringBuilder("identity\tlabel\tsplit\n");
      ids.entrySet().stream()
          .sorted(Map.Entry.comparingByValue((a, b) -> Integer.compare(a.label(), b.label())))
          .forEach(
              e -> {
                if (IdentityNames.problem(e.getKey()) != null) {
                  // the listing refuses such names; one here would shift labels.tsv's columns
                  throw new IllegalStateException(IdentityNames.problem(e.getKey()));
                }
                String s = e.getValue().split().name().toLowerCase(Locale.ROOT);
                idsPerSplit.merge(s, 1L, Long::sum);
                labels
                    .append(e.getKey())
                    .append('\t')
                    .append(e.getValue().label())
                    .append('\t')
                    .append(s)
                    .append('\n');
              });
      TextFiles.write(output + "/labels.tsv", labels.toString());
      long dead = reasons.values().stream().mapToLong(Long::longValue).sum();
      long accepted = splits.values().stream().mapToLong(Long::longValue).sum();
      long inputs = all.getOrDefault(INPUTS, 0L);
      Map<String, String> options = new TreeMap<>(config.describe());
      String prefix = output + "/";
      List<String> shards =
          c.sideInput(files).stream()
              .map(f -> f.startsWith(prefix) ? f.substring(prefix.length()) : f)
              .toList();
      FaceTemplate t = FaceTemplate.byName(config.template());
      String geometry =
          config.alignment() == AlignmentMethod.CENTER_CROP
              ? AlignResult.CENTER_CROP_GEOMETRY
              : t.name();
      DatasetManifest m =
          DatasetManifest.newBuilder()
              .setName(name)
              .setInputs(inputs)
              .setAccepted(accepted)
              .setDeadLettered(dead)
              .setDuplicates(all.getOrDefault(DUPLICATES, 0L))
              .setCountsPerSplit(splits)
              .setIdentitiesPerSplit(idsPerSplit)
              .setDeadLettersPerReason(reasons)
              .setIdentities(ids.size())
              .setImageWidth(t.width())
              .setImageHeight(t.height())
              .setTemplate(geometry)
              .setOptions(options)
              .setFingerprint(FingerprintFn.finish(c.sideInput(fingerprint), options))
              .setNotes(notes)
              .setShards(shards)
              .build();
      AvroFiles.write(output + "/manifest.avro", DatasetManifest.getClassSchema(), List.of(m));
      TextFiles.write(output + "/manifest.json", m.toString() + "\n");
      c.output(m);
    }
  }
}
