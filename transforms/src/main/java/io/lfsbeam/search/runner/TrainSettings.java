package io.lfsbeam.search.runner;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.lfsbeam.options.Choice;
import io.lfsbeam.train.ChildTimeout;
import io.lfsbeam.train.DecodeThreads;
import io.lfsbeam.train.Device;
import io.lfsbeam.train.FitConfig;
import io.lfsbeam.train.LearningRateSchedule;
import io.lfsbeam.train.SgdOptimizer;
import io.lfsbeam.train.StreamedTrainingData;
import io.lfsbeam.train.backbone.BackboneConfig;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.display.HasDisplayData;

/**
 * How each candidate's training stage runs: backbone, run length per round, optimiser, device and
 * isolation. Immutable and serialisable (it travels inside the DoFns to every worker).
 */
public final class TrainSettings implements Serializable, HasDisplayData {
  public static final int DEFAULT_EPOCHS_PER_ROUND = 1;

  /** See {@link #minStepsPerRound()}. */
  public static final long DEFAULT_MIN_STEPS_PER_ROUND = 30;

  /**
   * Where a candidate trains: in the worker's JVM, or in a child JVM that a native crash cannot
   * take down.
   */
  public enum Isolation implements Choice {
    IN_PROCESS("thread"),
    CHILD_PROCESS("process");

    private final List<String> aliases;

    Isolation(String... aliases) {
      this.aliases = List.of(aliases);
    }

    @Override
    public List<String> aliases() {
      return aliases;
    }

    /** {@code in-process} or {@code child-process}, any case (the CLI's {@code --isolation}). */
    @JsonCreator
    public static Isolation parse(String text) {
      return Choice.parse(Isolation.class, text);
    }
  }

  /**
   * Where the train split lives while training: decoded in the heap (shared by the candidates of a
   * JVM), streamed from its shards through a shuffle buffer (one buffer per training candidate), or
   * {@code AUTO}: in memory unless the decoded split would exceed {@link
   * SearchData#AUTO_HEAP_FRACTION} of the max heap.
   */
  public enum TrainData implements Choice {
    AUTO(),
    MEMORY("in-memory"),
    STREAM("streamed");

    private final List<String> aliases;

    TrainData(String... aliases) {
      this.aliases = List.of(aliases);
    }

    @Override
    public List<String> aliases() {
      return aliases;
    }

    /** {@code auto}, {@code memory} or {@code stream}, any case (the CLI's {@code --trainData}). */
    @JsonCreator
    public static TrainData parse(String text) {
      return Choice.parse(TrainData.class, text);
    }
  }

  private final String backbone;
  private final int embeddingSize;
  private final int epochsPerRound;
  private final long stepsPerRound;
  private final long minStepsPerRound;
  private final int batchSize;
  private final String learningRate;
  private final float momentum;
  private final float weightDecay;
  private final String device;
  private final int threads;
  private final Isolation isolation;
  private final boolean flipFusion;
  private final TrainData trainData;
  private final int shuffleBuffer;
  private final int decodeThreads;
  private final String faults;
  private final ChildTimeout childTimeout;

  private TrainSettings(Builder b) {
    this.backbone = b.backbone;
    this.embeddingSize = b.embeddingSize;
    this.epochsPerRound = b.epochsPerRound;
    this.stepsPerRound = b.stepsPerRound;
    this.minStepsPerRound = b.minStepsPerRound;
    this.batchSize = b.batchSize;
    this.learningRate = b.learningRate;
    this.momentum = b.momentum;
    this.weightDecay = b.weightDecay;
    this.device = b.device;
    this.threads = b.threads;
    this.isolation = b.isolation;
    this.flipFusion = b.flipFusion;
    this.trainData = b.trainData;
    this.shuffleBuffer = b.shuffleBuffer;
    this.decodeThreads = b.decodeThreads;
    this.faults = b.faults;
    this.childTimeout = b.childTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String backbone() {
    return backbone;
  }

  /** 0 = the preset's size. */
  public int embeddingSize() {
    return embeddingSize;
  }

  public int epochsPerRound() {
    return epochsPerRound;
  }

  /** 0 = whole epochs only. */
  public long stepsPerRound() {
    return stepsPerRound;
  }

  /**
   * When training by epochs, at least this many steps per round: on a small set (ORL's 200 training
   * faces are 3 batches) one epoch per round would barely move the weights, while on CASIA-sized
   * data an epoch is thousands of steps and this changes nothing.
   */
  public long minStepsPerRound() {
    return minStepsPerRound;
  }

  /**
   * Epochs per round for a training set of {@code trainSize} faces: the configured epochs, raised
   * to reach {@link #minStepsPerRound()}.
   */
  public int effectiveEpochsPerRound(int trainSize) {
    if (stepsPerRound > 0 || epochsPerRound == 0) {
      return epochsPerRound;
    }
    long perEpoch = Math.max(1, trainSize / batchSize);
    return (int) Math.max(epochsPerRound, (minStepsPerRound + perEpoch - 1) / perEpoch);
  }

  /**
   * Optimiser steps of one round on a train split of {@code trainSize} faces, as the fit loop
   * counts them: {@link #effectiveEpochsPerRound} whole epochs of ⌊size/batch⌋ batches, capped at
   * {@link #stepsPerRound()} when that is set.
   */
  public long stepsPerRound(int trainSize) {
    long perEpoch = trainSize / batchSize;
    int epochs = effectiveEpochsPerRound(trainSize);
    if (stepsPerRound > 0) {
      return epochs > 0 ? Math.min(stepsPerRound, epochs * perEpoch) : stepsPerRound;
    }
    return epochs * perEpoch;
  }

  public int batchSize() {
    return batchSize;
  }

  /** A {@code io.lfsbeam.train.LearningRateSchedule} spec, e.g. {@code constant:0.1}. */
  public String learningRate() {
    return learningRate;
  }

  public float momentum() {
    return momentum;
  }

  public float weightDecay() {
    return weightDecay;
  }

  public String device() {
    return device;
  }

  /** TensorFlow threads per candidate; 0 = TensorFlow's default (all cores). */
  public int threads() {
    return threads;
  }

  public Isolation isolation() {
    return isolation;
  }

  public boolean flipFusion() {
    return flipFusion;
  }

  public TrainData trainData() {
    return trainData;
  }

  /** Faces in a streamed epoch's shuffle buffer (~37.6 KB each at 112×112). */
  public int shuffleBuffer() {
    return shuffleBuffer;
  }

  /**
   * Threads decoding a streamed train split's PNGs; {@link DecodeThreads#AUTO} (0) = the cores
   * TensorFlow leaves free, resolved on the worker that trains ({@link DecodeThreads#resolve}).
   */
  public int decodeThreads() {
    return decodeThreads;
  }

  /**
   * When a child-process training counts as hung and is killed, its candidate failed ({@link
   * ChildTimeout}: a multiple of its expected time, derived from its own progress reports).
   */
  public ChildTimeout childTimeout() {
    return childTimeout;
  }

  /**
   * Test hook, {@code round:index:kind,...} with kind throw|crash|nan|diverged|hang; empty for
   * none.
   */
  public String faults() {
    return faults;
  }

  /** The settings of {@link #describe} as display data of the transforms that train with them. */
  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    describe().forEach((k, v) -> builder.add(DisplayData.item(k, v)));
  }

  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("backbone", backbone);
    m.put("embeddingSize", embeddingSize == 0 ? "preset" : Integer.toString(embeddingSize));
    m.put("epochsPerRound", Integer.toString(epochsPerRound));
    m.put("stepsPerRound", Long.toString(stepsPerRound));
    m.put("minStepsPerRound", Long.toString(minStepsPerRound));
    m.put("batchSize", Integer.toString(batchSize));
    m.put("learningRate", learningRate);
    m.put("momentum", Float.toString(momentum));
    m.put("weightDecay", Float.toString(weightDecay));
    m.put("device", device);
    m.put("threads", Integer.toString(threads));
    m.put("isolation", isolation.name().toLowerCase(Locale.ROOT));
    if (isolation == Isolation.CHILD_PROCESS) {
      m.put("childTimeoutFactor", Double.toString(childTimeout.factor()));
      m.put("childTimeoutMinSeconds", Double.toString(childTimeout.minimumSeconds()));
    }
    m.put("flipFusion", Boolean.toString(flipFusion));
    m.put("trainData", trainData.name().toLowerCase(Locale.ROOT));
    m.put("shuffleBuffer", Integer.toString(shuffleBuffer));
    m.put(
        "decodeThreads",
        decodeThreads == DecodeThreads.AUTO ? "auto" : Integer.toString(decodeThreads));
    return m;
  }

  /**
   * Defaults: tiny backbone, one epoch per round, batch 64, SGD 0.1 / 0.9 / 1e-4, device auto,
   * in-process, train data auto with a 10,000-face shuffle buffer decoded by the cores TensorFlow
   * leaves free.
   */
  public static final class Builder {
    private String backbone = BackboneConfig.DEFAULT_PRESET;
    private int embeddingSize;
    private int epochsPerRound = DEFAULT_EPOCHS_PER_ROUND;
    private long stepsPerRound;
    private long minStepsPerRound = DEFAULT_MIN_STEPS_PER_ROUND;
    private int batchSize = FitConfig.DEFAULT_BATCH_SIZE;
    private String learningRate = SgdOptimizer.DEFAULT_LEARNING_RATE;
    private float momentum = SgdOptimizer.DEFAULT_MOMENTUM;
    private float weightDecay = SgdOptimizer.DEFAULT_WEIGHT_DECAY;
    private String device = Device.AUTO;
    private int threads;
    private Isolation isolation = Isolation.IN_PROCESS;
    private boolean flipFusion;
    private TrainData trainData = TrainData.AUTO;
    private int shuffleBuffer = StreamedTrainingData.DEFAULT_SHUFFLE_BUFFER;
    private int decodeThreads = DecodeThreads.AUTO;
    private String faults = "";
    private ChildTimeout childTimeout = ChildTimeout.defaults();

    public Builder backbone(String v) {
      backbone = v;
      return this;
    }

    public Builder embeddingSize(int v) {
      embeddingSize = v;
      return this;
    }

    public Builder epochsPerRound(int v) {
      epochsPerRound = v;
      return this;
    }

    public Builder stepsPerRound(long v) {
      stepsPerRound = v;
      return this;
    }

    public Builder minStepsPerRound(long v) {
      minStepsPerRound = v;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder learningRate(String v) {
      learningRate = v;
      return this;
    }

    public Builder momentum(float v) {
      momentum = v;
      return this;
    }

    public Builder weightDecay(float v) {
      weightDecay = v;
      return this;
    }

    public Builder device(String v) {
      device = v;
      return this;
    }

    public Builder threads(int v) {
      threads = v;
      return this;
    }

    public Builder isolation(Isolation v) {
      isolation = v;
      return this;
    }

    public Builder flipFusion(boolean v) {
      flipFusion = v;
      return this;
    }

    public Builder trainData(TrainData v) {
      trainData = v;
      return this;
    }

    public Builder shuffleBuffer(int v) {
      shuffleBuffer = v;
      return this;
    }

    public Builder decodeThreads(int v) {
      decodeThreads = v;
      return this;
    }

    /** See {@link TrainSettings#childTimeout()}. */
    public Builder childTimeout(ChildTimeout v) {
      childTimeout = v;
      return this;
    }

    public Builder faults(String v) {
      faults = v == null ? "" : v;
      return this;
    }

    public TrainSettings build() {
      if (epochsPerRound < 0 || stepsPerRound < 0 || (epochsPerRound == 0 && stepsPerRound == 0)) {
        throw new IllegalArgumentException("give a positive number of epochs or steps per round");
      }
      if (minStepsPerRound < 0) {
        throw new IllegalArgumentException("minimum steps per round must not be negative");
      }
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batch size must be positive");
      }
      if (shuffleBuffer <= 0) {
        throw new IllegalArgumentException("the shuffle buffer must hold at least one face");
      }
      if (decodeThreads < 0) {
        throw new IllegalArgumentException("decode threads must be 0 (auto) or more");
      }
      LearningRateSchedule.parse(learningRate);
      Device.parse(device);
      BackboneConfig.preset(backbone);
      return new TrainSettings(this);
    }
  }
}
