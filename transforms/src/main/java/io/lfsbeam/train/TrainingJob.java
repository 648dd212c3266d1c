package io.lfsbeam.train;

import io.lfsbeam.schemas.Split;
import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.loss.GraphLossFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A self-contained description of one training run, as text properties, so a child JVM can run it
 * ({@link ChildProcessTrainer}, {@link TrainingJobMain}): data file, backbone preset, loss factory
 * and parameters, optimiser, run length, optional start checkpoint, and where to write the result.
 */
public final class TrainingJob {
  private final Properties props;

  private TrainingJob(Properties props) {
    this.props = props;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The decoded train split as a {@link FaceArrayFile}, or null when the job streams {@link
   * #dataShards}.
   */
  public String dataUri() {
    return props.getProperty("data");
  }

  /**
   * Train-split Avro shards to stream through a shuffle buffer; empty when the job reads {@link
   * #dataUri}.
   */
  public List<String> dataShards() {
    String v = props.getProperty("data.shards");
    return v == null || v.isEmpty() ? List.of() : List.of(v.split("\n"));
  }

  public int dataShuffleBuffer() {
    return Integer.parseInt(
        props.getProperty(
            "data.shuffleBuffer", Integer.toString(StreamedTrainingData.DEFAULT_SHUFFLE_BUFFER)));
  }

  /** Threads decoding streamed shards (resolved by the parent: the child runs on its machine). */
  public int dataDecodeThreads() {
    return Integer.parseInt(props.getProperty("data.decodeThreads", "1"));
  }

  /** The job's training data: the decoded file, or its shards streamed through a shuffle buffer. */
  public TrainingSource openData() throws IOException {
    if (!dataShards().isEmpty()) {
      return StreamedTrainingData.builder()
          .setShards(dataShards())
          .optSplit(Split.TRAIN)
          .optShuffleBuffer(dataShuffleBuffer())
          .optDecodeThreads(dataDecodeThreads())
          .build();
    }
    return FaceArrayFile.read(dataUri());
  }

  public String lossFactory() {
    return required("loss.factory");
  }

  public int numClasses() {
    return Integer.parseInt(required("numClasses"));
  }

  public long seed() {
    return Long.parseLong(props.getProperty("seed", "0"));
  }

  public String device() {
    return props.getProperty("device", Device.AUTO);
  }

  public String startCheckpoint() {
    return props.getProperty("checkpoint.start");
  }

  public String outputCheckpoint() {
    return props.getProperty("checkpoint.output");
  }

  public String exportDir() {
    return props.getProperty("export.dir");
  }

  public int threads() {
    return Integer.parseInt(props.getProperty("threads", "0"));
  }

  /** Test hook: the child halts with this exit code after loading TensorFlow (0 = never). */
  public int haltWithExitCode() {
    return Integer.parseInt(props.getProperty("test.haltWithExitCode", "0"));
  }

  /** Test hook: the child sleeps this long before it starts, as a hung child would (0 = never). */
  public long hangSeconds() {
    return Long.parseLong(props.getProperty("test.hangSeconds", "0"));
  }

  public BackboneConfig backbone() {
    BackboneConfig preset = BackboneConfig.preset(required("backbone"));
    String emb = props.getProperty("backbone.embeddingSize");
    String dropout = props.getProperty("backbone.dropout");
    if (emb == null && dropout == null) {
      return preset;
    }
    BackboneConfig.Builder b = preset.toBuilder();
    if (emb != null) {
      b.embeddingSize(Integer.parseInt(emb));
    }
    if (dropout != null) {
      b.dropout(Float.parseFloat(dropout));
    }
    return b.build();
  }

  public Map<String, String> lossParams() {
    return prefixed("loss.param.");
  }

  public Map<String, Float> scalarFeeds() {
    Map<String, Float> out = new LinkedHashMap<>();
    prefixed("feed.").forEach((k, v) -> out.put(k, Float.parseFloat(v)));
    return out;
  }

  public SgdOptimizer optimizer() {
    return SgdOptimizer.builder()
        .setLearningRate(
            LearningRateSchedule.parse(props.getProperty("lr", SgdOptimizer.DEFAULT_LEARNING_RATE)))
        .optMomentum(floatProperty("momentum", SgdOptimizer.DEFAULT_MOMENTUM))
        .optWeightDecay(floatProperty("weightDecay", SgdOptimizer.DEFAULT_WEIGHT_DECAY))
        .build();
  }

  public FitConfig fitConfig() {
    return FitConfig.builder()
        .epochs(Integer.parseInt(props.getProperty("epochs", "0")))
        .maxSteps(Long.parseLong(props.getProperty("maxSteps", "0")))
        .batchSize(
            Integer.parseInt(
                props.getProperty("batchSize", Integer.toString(FitConfig.DEFAULT_BATCH_SIZE))))
        .flip(Boolean.parseBoolean(props.getProperty("flip", "true")))
        .logEverySteps(Integer.parseInt(props.getProperty("logEverySteps", "10")))
        .startEpoch(Long.parseLong(props.getProperty("startEpoch", "-1")))
        .resumeAtStep(Long.parseLong(props.getProperty("resumeAtStep", "0")))
        .build();
  }

  private float floatProperty(String key, float fallback) {
    String v = props.getProperty(key);
    return v == null ? fallback : Float.parseFloat(v);
  }

  private Map<String, String> prefixed(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : props.stringPropertyNames()) {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), props.getProperty(k));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private String required(String key) {
    String v = props.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("training job lacks '" + key + "'");
    }
    return v;
  }

  public void write(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      props.store(w, "lfs-beam training job");
    }
  }

  public static TrainingJob read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return new TrainingJob(p);
  }

  /** A copy of the properties (the wire form). */
  public Properties toProperties() {
    Properties copy = new Properties();
    copy.putAll(props);
    return copy;
  }

  /** Builder; data, backbone, loss factory and class count are required. */
  public static final class Builder {
    private final Properties p = new Properties();

    public Builder data(String uri) {
      return set("data", uri);
    }

    /**
     * Stream the train split from these shards (the child then holds only the shuffle buffer),
     * decoding on {@code decodeThreads} threads.
     */
    public Builder streamedData(List<String> shards, int shuffleBuffer, int decodeThreads) {
      set("data.shards", String.join("\n", shards));
      set("data.decodeThreads", Integer.toString(decodeThreads));
      return set("data.shuffleBuffer", Integer.toString(shuffleBuffer));
    }

    public Builder backbone(String preset) {
      return set("backbone", preset);
    }

    public Builder embeddingSize(int size) {
      return set("backbone.embeddingSize", Integer.toString(size));
    }

    public Builder dropout(float rate) {
      return set("backbone.dropout", Float.toString(rate));
    }

    public Builder numClasses(int k) {
      return set("numClasses", Integer.toString(k));
    }

    public Builder loss(Class<? extends GraphLossFactory> factory, Map<String, String> params) {
      set("loss.factory", factory.getName());
      params.forEach((k, v) -> set("loss.param." + k, v));
      return this;
    }

    public Builder scalarFeed(String placeholder, float value) {
      return set("feed." + placeholder, Float.toString(value));
    }

    public Builder seed(long seed) {
      return set("seed", Long.toString(seed));
    }

    public Builder device(String device) {
      return set("device", Device.parse(device).toString());
    }

    public Builder learningRate(LearningRateSchedule s) {
      return set("lr", s.toSpec());
    }

    public Builder momentum(float m) {
      return set("momentum", Float.toString(m));
    }

    public Builder weightDecay(float wd) {
      return set("weightDecay", Float.toString(wd));
    }

    public Builder epochs(int epochs) {
      return set("epochs", Integer.toString(epochs));
    }

    public Builder maxSteps(long steps) {
      return set("maxSteps", Long.toString(steps));
    }

    public Builder batchSize(int size) {
      return set("batchSize", Integer.toString(size));
    }

    public Builder flip(boolean flip) {
      return set("flip", Boolean.toString(flip));
    }

    public Builder logEverySteps(int steps) {
      return set("logEverySteps", Integer.toString(steps));
    }

    public Builder startEpoch(long epoch) {
      return set("startEpoch", Long.toString(epoch));
    }

    /** See {@link FitConfig#resumeAtStep()}. */
    public Builder resumeAtStep(long step) {
      return set("resumeAtStep", Long.toString(step));
    }

    public Builder startCheckpoint(String uri) {
      return set("checkpoint.start", uri);
    }

    public Builder outputCheckpoint(String uri) {
      return set("checkpoint.output", uri);
    }

    public Builder exportDir(String dir) {
      return set("export.dir", dir);
    }

    public Builder threads(int threads) {
      return set("threads", Integer.toString(threads));
    }

    /** Test hook simulating a native crash: the child halts with this code before training. */
    public Builder haltWithExitCode(int code) {
      return set("test.haltWithExitCode", Integer.toString(code));
    }

    /** Test hook simulating a hung child: it sleeps this long before loading anything. */
    public Builder hangSeconds(long seconds) {
      return set("test.hangSeconds", Long.toString(seconds));
    }

    private Builder set(String key, String value) {
      p.setProperty(key, value);
      return this;
    }

    public TrainingJob build() {
      TrainingJob job = new TrainingJob(p);
      if ((job.dataUri() == null) == job.dataShards().isEmpty()) {
        throw new IllegalArgumentException(
            "a training job needs exactly one of data (a face array file) and data.shards");
      }
      job.lossFactory();
      job.numClasses();
      job.backbone();
      job.optimizer();
      job.fitConfig();
      return new TrainingJob(job.toProperties());
    }
  }
}
