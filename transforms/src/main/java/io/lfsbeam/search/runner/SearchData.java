package io.lfsbeam.search.runner;

import io.lfsbeam.evaluate.VerificationSet;
import io.lfsbeam.insightface.BinFaces;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.schemas.VerificationPair;
import io.lfsbeam.train.DecodeThreads;
import io.lfsbeam.train.Device;
import io.lfsbeam.train.FaceArrayFile;
import io.lfsbeam.train.InMemoryTrainingData;
import io.lfsbeam.train.StreamedTrainingData;
import io.lfsbeam.train.TrainingData;
import io.lfsbeam.train.TrainingSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A preprocess output as the search needs it: the train split (decoded in memory or streamed from
 * its shards), the val and test faces and their pairs. Loaded once per JVM, data folder and
 * train-data choice (the DirectRunner makes several DoFn instances, a Flink TaskManager runs
 * several slots; they share one copy).
 *
 * <p>Memory: in memory, the train split decoded, ~37.6 KB per 112×112 face (3.8 GB per 100k faces)
 * plus, while loading, its PNGs; streamed, a shuffle buffer per concurrently training candidate (K
 * × 37.6 KB, 376 MB at the default K = 10,000) whatever the split's size. The val and test faces
 * stay in memory as PNGs either way.
 */
public final class SearchData {
  private static final Logger LOG = LoggerFactory.getLogger(SearchData.class);
  private static final Map<String, SearchData> LOADED = new ConcurrentHashMap<>();
  private static final Map<String, VerificationSet> BINS = new ConcurrentHashMap<>();

  /**
   * {@code --trainData=auto} streams when the decoded split would take more than this share of the
   * max heap: the rest is left to the val/test PNGs, batches, Beam and, on the DirectRunner, every
   * candidate's batch arrays.
   */
  public static final double AUTO_HEAP_FRACTION = 0.5;

  private final String dataDir;
  private final TrainingSource train;
  private final List<AlignedFace> val;
  private final List<AlignedFace> test;
  private final List<VerificationPair> valPairs;
  private final List<VerificationPair> testPairs;
  private volatile String trainArrayFile;

  private SearchData(String dataDir, TrainSettings settings) throws IOException {
    this.dataDir = dataDir;
    long start = System.nanoTime();
    int decodeThreads =
        DecodeThreads.resolve(
            settings.decodeThreads(), settings.threads(), Device.parse(settings.device()));
    this.train =
        trainSplit(
            dataDir,
            settings.trainData(),
            settings.shuffleBuffer(),
            decodeThreads,
            Runtime.getRuntime().maxMemory());
    this.val = faces(dataDir, "val");
    this.test = faces(dataDir, "test");
    this.valPairs = pairs(dataDir, "val");
    this.testPairs = pairs(dataDir, "test");
    LOG.info(
        "search data {}: {} train faces of {} identities ({}), {} val faces / {} pairs, {} test faces / {} pairs ({} ms)",
        dataDir,
        train.size(),
        train.numClasses(),
        streamed() ? train : "in memory",
        val.size(),
        valPairs.size(),
        test.size(),
        testPairs.size(),
        (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * The data of a preprocess output folder, loaded on first use in this JVM with these train-data
   * settings.
   */
  public static SearchData load(String dataDir, TrainSettings settings) throws IOException {
    String key =
        dataDir
            + "|"
            + settings.trainData()
            + "|"
            + settings.shuffleBuffer()
            + "|"
            + settings.decodeThreads();
    SearchData d = LOADED.get(key);
    if (d == null) {
      synchronized (LOADED) {
        d = LOADED.get(key);
        if (d == null) {
          d = new SearchData(dataDir, settings);
          LOADED.put(key, d);
        }
      }
    }
    return d;
  }

  /**
   * The preprocess manifest of a data folder ({@code manifest.avro}), empty when the folder has
   * none.
   */
  public static Optional<DatasetManifest> manifest(String dataDir) throws IOException {
    List<String> files = AvroFiles.match(dataDir + "/manifest.avro");
    if (files.isEmpty()) {
      return Optional.empty();
    }
    List<DatasetManifest> m = AvroFiles.read(files.get(0), DatasetManifest.class);
    return m.isEmpty() ? Optional.empty() : Optional.of(m.get(0));
  }

  /**
   * Faces in the train split: the manifest's count when there is one (nothing is decoded), else the
   * split loaded with {@code settings}.
   */
  public static int trainSize(String dataDir, TrainSettings settings) throws IOException {
    Optional<Long> counted =
        manifest(dataDir)
            .map(m -> m.getCountsPerSplit().get(Split.TRAIN.name().toLowerCase(Locale.ROOT)));
    return counted.isPresent()
        ? Math.toIntExact(counted.get())
        : load(dataDir, settings).train().size();
  }

  /**
   * The train split as {@code mode} asks; for AUTO, streamed when decoded it would exceed {@link
   * #AUTO_HEAP_FRACTION} of {@code maxHeap}. AUTO and STREAM first read only the labels (no PNG
   * decoding) to learn the size.
   */
  static TrainingSource trainSplit(
      String dataDir,
      TrainSettings.TrainData mode,
      int shuffleBuffer,
      int decodeThreads,
      long maxHeap)
      throws IOException {
    List<String> shards = AvroFiles.match(dataDir + "/faces/train-*.avro");
    if (shards.isEmpty()) {
      throw new IOException(
          "no training faces under " + dataDir + "/faces (is it a preprocess output?)");
    }
    if (mode != TrainSettings.TrainData.MEMORY) {
      StreamedTrainingData streamed =
          StreamedTrainingData.builder()
              .setShards(shards)
              .optSplit(Split.TRAIN)
              .optShuffleBuffer(shuffleBuffer)
              .optDecodeThreads(decodeThreads)
              .build();
      long decoded = (long) streamed.size() * streamed.imageBytes();
      if (mode == TrainSettings.TrainData.STREAM || decoded > AUTO_HEAP_FRACTION * maxHeap) {
        if (mode == TrainSettings.TrainData.AUTO) {
          LOG.info(
              "streaming the train split of {}: decoded it would take {} MB, over {} of the {} MB max heap",
              dataDir,
              decoded >> 20,
              AUTO_HEAP_FRACTION,
              maxHeap >> 20);
        }
        return streamed;
      }
    }
    List<AlignedFace> trainFaces = faces(dataDir, "train");
    if (trainFaces.isEmpty()) {
      throw new IOException(
          "no training faces under " + dataDir + "/faces (is it a preprocess output?)");
    }
    return InMemoryTrainingData.fromAlignedFaces(trainFaces);
  }

  private static List<AlignedFace> faces(String dir, String split) throws IOException {
    List<AlignedFace> out =
        new ArrayList<>(AvroFiles.readAll(dir + "/faces/" + split + "-*.avro", AlignedFace.class));
    out.removeIf(f -> f.getSplit() != Split.valueOf(split.toUpperCase(Locale.ROOT)));
    out.sort(Comparator.comparing(AlignedFace::getId));
    return out;
  }

  private static List<VerificationPair> pairs(String dir, String split) throws IOException {
    List<String> files = AvroFiles.match(dir + "/pairs/" + split + ".avro");
    return files.isEmpty() ? List.of() : AvroFiles.read(files.get(0), VerificationPair.class);
  }

  /** The preprocess val split and its pairs as a verification set (empty without val pairs). */
  public VerificationSet valSet() {
    return VerificationSet.of(EvalSets.VAL, val, valPairs);
  }

  /** The preprocess test split and its pairs as a verification set (empty without test pairs). */
  public VerificationSet testSet() {
    return VerificationSet.of(EvalSets.TEST, test, testPairs);
  }

  /**
   * A verification .bin as a set whose images must have the train faces' size, decoded once per JVM
   * (its faces stay in memory as PNGs, like the val and test splits).
   */
  public VerificationSet binSet(String uri) throws IOException {
    String key = uri + "|" + train.height() + "x" + train.width();
    VerificationSet set = BINS.get(key);
    if (set == null) {
      synchronized (BINS) {
        set = BINS.get(key);
        if (set == null) {
          long start = System.nanoTime();
          set = BinFaces.read(uri, train.height(), train.width());
          BINS.put(key, set);
          LOG.info(
              "verification set {} from {} ({} ms)",
              set,
              uri,
              (System.nanoTime() - start) / 1_000_000);
        }
      }
    }
    return set;
  }

  public TrainingSource train() {
    return train;
  }

  /** Whether the train split is read from its shards every epoch rather than held decoded. */
  public boolean streamed() {
    return !(train instanceof TrainingData);
  }

  public int numClasses() {
    return train.numClasses();
  }

  public List<AlignedFace> val() {
    return val;
  }

  public List<AlignedFace> test() {
    return test;
  }

  public List<VerificationPair> valPairs() {
    return valPairs;
  }

  public List<VerificationPair> testPairs() {
    return testPairs;
  }

  /**
   * The train split as a decoded-image file for child training JVMs, written once per JVM under
   * {@code cacheDir}; only for an in-memory split (a child decodes the whole file into its heap).
   */
  public String trainArrayFile(String cacheDir) throws IOException {
    if (!(train instanceof TrainingData inMemory)) {
      throw new IllegalStateException(
          "the train split of "
              + dataDir
              + " is streamed ("
              + train
              + "); "
              + "child training JVMs stream its shards instead of reading a decoded copy");
    }
    if (trainArrayFile == null) {
      synchronized (this) {
        if (trainArrayFile == null) {
          String uri =
              cacheDir
                  + "/train-"
                  + Integer.toHexString(dataDir.hashCode())
                  + "-"
                  + ProcessHandle.current().pid()
                  + ".faces";
          FaceArrayFile.write(inMemory, uri);
          trainArrayFile = uri;
        }
      }
    }
    return trainArrayFile;
  }
}
