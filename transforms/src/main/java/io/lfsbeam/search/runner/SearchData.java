package io.lfsbeam.search.runner;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.schemas.VerificationPair;
import io.lfsbeam.train.FaceArrayFile;
import io.lfsbeam.train.InMemoryTrainingData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A preprocess output as the search needs it: the decoded train split, the val and test faces and
 * their pairs. Loaded once per JVM and data folder (the DirectRunner makes several DoFn instances,
 * a Flink TaskManager runs several slots; they share one copy).
 *
 * <p>Memory: the train split decoded, ~37.6 KB per 112×112 face (3.8 GB per 100k faces).
 */
public final class SearchData {
  private static final Logger LOG = LoggerFactory.getLogger(SearchData.class);
  private static final Map<String, SearchData> LOADED = new ConcurrentHashMap<>();

  private final String dataDir;
  private final InMemoryTrainingData train;
  private final List<AlignedFace> val;
  private final List<AlignedFace> test;
  private final List<VerificationPair> valPairs;
  private final List<VerificationPair> testPairs;
  private volatile String trainArrayFile;

  private SearchData(String dataDir) throws IOException {
    this.dataDir = dataDir;
    long start = System.nanoTime();
    List<AlignedFace> trainFaces = faces(dataDir, "train");
    if (trainFaces.isEmpty()) {
      throw new IOException("no training faces under " + dataDir + "/faces (is it a preprocess output?)");
    }
    this.train = InMemoryTrainingData.fromAlignedFaces(trainFaces);
    this.val = faces(dataDir, "val");
    this.test = faces(dataDir, "test");
    this.valPairs = pairs(dataDir, "val");
    this.testPairs = pairs(dataDir, "test");
    LOG.info("search data {}: {} train faces of {} identities, {} val faces / {} pairs, {} test faces / {} pairs ({} ms)",
        dataDir, train.size(), train.numClasses(), val.size(), valPairs.size(), test.size(), testPairs.size(),
        (System.nanoTime() - start) / 1_000_000);
  }

  /** The data of a preprocess output folder, loaded on first use in this JVM. */
  public static SearchData load(String dataDir) throws IOException {
    SearchData d = LOADED.get(dataDir);
    if (d == null) {
      synchronized (LOADED) {
        d = LOADED.get(dataDir);
        if (d == null) {
          d = new SearchData(dataDir);
          LOADED.put(dataDir, d);
        }
      }
    }
    return d;
  }

  private static List<AlignedFace> faces(String dir, String split) throws IOException {
    List<AlignedFace> out = new ArrayList<>(AvroFiles.readAll(dir + "/faces/" + split + "-*.avro", AlignedFace.class));
    out.removeIf(f -> f.getSplit() != Split.valueOf(split.toUpperCase(java.util.Locale.ROOT)));
    out.sort(Comparator.comparing(AlignedFace::getId));
    return out;
  }

  private static List<VerificationPair> pairs(String dir, String split) throws IOException {
    List<String> files = AvroFiles.match(dir + "/pairs/" + split + ".avro");
    return files.isEmpty() ? List.of() : AvroFiles.read(files.get(0), VerificationPair.class);
  }

  public InMemoryTrainingData train() { return train; }
  public int numClasses() { return train.numClasses(); }
  public List<AlignedFace> val() { return val; }
  public List<AlignedFace> test() { return test; }
  public List<VerificationPair> valPairs() { return valPairs; }
  public List<VerificationPair> testPairs() { return testPairs; }

  /** The train split as a decoded-image file for child training JVMs, written once per JVM under {@code cacheDir}. */
  public String trainArrayFile(String cacheDir) throws IOException {
    if (trainArrayFile == null) {
      synchronized (this) {
        if (trainArrayFile == null) {
          String uri = cacheDir + "/train-" + Integer.toHexString(dataDir.hashCode()) + "-" + ProcessHandle.current().pid() + ".faces";
          FaceArrayFile.write(train, uri);
          trainArrayFile = uri;
        }
      }
    }
    return trainArrayFile;
  }
}
