package io.lfsbeam.preprocess;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.SortedAvroWriter;
import io.lfsbeam.io.SpillingSorter;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.Split;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Writes the accepted faces into {@code <dir>/{train,val,test}-SSSSS-of-NNNNN.avro}: the one
 * grouping the images go through. The prepared entries (record without image + PNG, keyed by shard
 * index) and the decisions made on metadata (each accepted face's labelled record, keyed the same
 * way) meet in one group per shard index; the group's writer sorts both by face id in bounded
 * memory ({@link SpillingSorter}), so each decision comes right before its image, and appends each
 * accepted face, image set, to the file of its split. Images without a decision (duplicates, faces
 * of refused identities) are dropped there; a decision without its image fails the write.
 *
 * <p>The files are the bytes {@link io.lfsbeam.io.WriteSortedAvro} gave for the same records:
 * records sorted by id, stored blocks, the sync marker from the file name. Output: the URIs of the
 * files written (a split with no face in a shard has no file).
 */
public final class WriteFaceShards extends PTransform<PreprocessFaces.Result, PCollection<String>> {
  /** Images of faces that were not accepted, dropped at the writer. */
  static final String NOT_ACCEPTED = "images_not_accepted";

  private final String directory;

  private WriteFaceShards(String directory) {
    this.directory = directory;
  }

  public static WriteFaceShards to(String directory) {
    return new WriteFaceShards(directory);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("directory", directory).withLabel("Face shards"));
  }

  @Override
  public PCollection<String> expand(PreprocessFaces.Result r) {
    int shards = r.config().shardsPerSplit();
    PCollection<KV<Integer, ShardEntry>> decisions =
        r.metadata()
            .apply("KeyDecisions", ParDo.of(new KeyDecisionFn(shards)))
            .setCoder(PrepareFaces.coder());
    return PCollectionList.of(r.prepared())
        .and(decisions)
        .apply("ImagesAndDecisions", Flatten.pCollections())
        .setCoder(PrepareFaces.coder())
        .apply("GroupByShard", GroupByKey.create())
        .apply("WriteShard", ParDo.of(new WriteShardFn(directory, shards)))
        .setCoder(StringUtf8Coder.of());
  }

  /** The file of one split and shard index: {@code train-00001-of-00004.avro}. */
  public static String fileName(Split split, int shard, int shards) {
    return String.format(
        Locale.ROOT, "%s-%05d-of-%05d.avro", split.name().toLowerCase(Locale.ROOT), shard, shards);
  }

  private static final class KeyDecisionFn extends DoFn<AlignedFace, KV<Integer, ShardEntry>> {
    private final int shards;

    KeyDecisionFn(int shards) {
      this.shards = shards;
    }

    @ProcessElement
    public void process(@Element AlignedFace f, OutputReceiver<KV<Integer, ShardEntry>> out) {
      out.output(KV.of(PrepareFaces.shardOf(f.getId(), shards), ShardEntry.decision(f)));
    }
  }

  static final class WriteShardFn extends DoFn<KV<Integer, Iterable<ShardEntry>>, String> {
    private static final char DECISION = '0';
    private static final char IMAGE = '1';
    private final String directory;
    private final int shards;
    private final Counter notAccepted =
        PreprocessCounters.counter(MetricName.named(PreprocessCounters.NAMESPACE, NOT_ACCEPTED));
    private transient SortedAvroWriter.Encoder<AlignedFace> encoder;
    private transient SpecificDatumReader<AlignedFace> reader;

    WriteShardFn(String directory, int shards) {
      this.directory = directory.endsWith("/") ? directory : directory + "/";
      this.shards = shards;
    }

    @Setup
    public void setup() {
      encoder = new SortedAvroWriter.Encoder<>(AlignedFace.getClassSchema());
      reader = new SpecificDatumReader<>(AlignedFace.class);
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<ShardEntry>> group, OutputReceiver<String> out)
        throws IOException {
      int shard = group.getKey();
      Map<Split, Long> perSplit = new EnumMap<>(Split.class);
      try (SpillingSorter sorter = new SpillingSorter(SortedAvroWriter.DEFAULT_MEMORY_BUDGET)) {
        for (ShardEntry e : group.getValue()) {
          switch (e.kind()) {
            case FACE -> sorter.add(key(e.id(), IMAGE), e.png());
            case DECISION -> {
              sorter.add(key(e.id(), DECISION), encoder.encode(e.record()));
              perSplit.merge(e.record().getSplit(), 1L, Long::sum);
            }
            case DEAD -> {} // counted from the prepared entries' other consumer
          }
        }
        Map<Split, String> files = new EnumMap<>(Split.class);
        perSplit.keySet().forEach(s -> files.put(s, directory + fileName(s, shard, shards)));
        Map<Split, DataFileWriter<Object>> writers = new EnumMap<>(Split.class);
        openAll(new ArrayList<>(files.entrySet()), 0, writers, () -> drain(sorter, writers));
        files.values().forEach(out::output);
      }
    }

    private static String key(String id, char kind) {
      return id + '\u0000' + kind;
    }

    /** What runs with every file open. */
    private interface Body {
      void run() throws IOException;
    }

    /** Opens the files one inside the other, so all are open while {@code body} runs. */
    private static void openAll(
        List<Map.Entry<Split, String>> files,
        int i,
        Map<Split, DataFileWriter<Object>> writers,
        Body body)
        throws IOException {
      if (i == files.size()) {
        body.run();
        return;
      }
      Map.Entry<Split, String> f = files.get(i);
      AvroFiles.<Object>write(
          f.getValue(),
          AlignedFace.getClassSchema(),
          AvroFiles.Blocks.STORED,
          w -> {
            writers.put(f.getKey(), w);
            openAll(files, i + 1, writers, body);
          });
    }

    /** In id order: each decision, then its image, become one record in the split's file. */
    private void drain(SpillingSorter sorter, Map<Split, DataFileWriter<Object>> writers)
        throws IOException {
      AlignedFace[] pending = new AlignedFace[1];
      BinaryDecoder[] decoder = new BinaryDecoder[1];
      sorter.forEachSorted(
          (key, bytes) -> {
            String id = key.substring(0, key.length() - 2);
            if (key.charAt(key.length() - 1) == DECISION) {
              if (pending[0] != null) {
                throw new IllegalStateException(
                    "no image reached the shard writer for face " + pending[0].getId());
              }
              decoder[0] =
                  DecoderFactory.get()
                      .binaryDecoder(
                          bytes.array(),
                          bytes.arrayOffset() + bytes.position(),
                          bytes.remaining(),
                          decoder[0]);
              pending[0] = reader.read(null, decoder[0]);
              return;
            }
            AlignedFace f = pending[0];
            if (f == null || !f.getId().equals(id)) {
              notAccepted.inc(); // a duplicate, or a face of an identity with too few images
              return;
            }
            f.setImage(bytes);
            writers.get(f.getSplit()).appendEncoded(ByteBuffer.wrap(encoder.encode(f)));
            pending[0] = null;
          });
      if (pending[0] != null) {
        throw new IllegalStateException(
            "no image reached the shard writer for face " + pending[0].getId());
      }
    }
  }
}
