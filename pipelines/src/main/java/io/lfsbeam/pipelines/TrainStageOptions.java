package io.lfsbeam.pipelines;

import io.lfsbeam.options.Choice;
import io.lfsbeam.search.FixedLoss;
import io.lfsbeam.search.policy.GaussianPolicy;
import io.lfsbeam.search.runner.TrainSettings;
import io.lfsbeam.train.ChildTimeout;
import io.lfsbeam.train.DecodeThreads;
import io.lfsbeam.train.Device;
import io.lfsbeam.train.FitConfig;
import io.lfsbeam.train.SgdOptimizer;
import io.lfsbeam.train.StreamedTrainingData;
import io.lfsbeam.train.backbone.BackbonePreset;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** How each training stage runs (shared by {@code train} and {@code search}). */
public interface TrainStageOptions extends PipelineOptions {
  @Description(
      "Backbone preset: tiny (28x28 internally; demo/tests), resnet20 (SphereFace-20), resnet50 (IR-50)")
  @Default.Enum("TINY")
  BackbonePreset getBackbone();

  void setBackbone(BackbonePreset value);

  @Description("Embedding size (0 = the preset's: tiny 128, resnet20/50 512)")
  @Default.Integer(0)
  int getEmbeddingSize();

  void setEmbeddingSize(int value);

  @Description("Training epochs per round (per candidate)")
  @Default.Integer(TrainSettings.DEFAULT_EPOCHS_PER_ROUND)
  int getEpochsPerRound();

  void setEpochsPerRound(int value);

  @Description("Cap on optimiser steps per round (0 = whole epochs)")
  @Default.Long(0)
  long getStepsPerRound();

  void setStepsPerRound(long value);

  @Description(
      "When training by epochs: at least this many steps per round (raises the epochs on small sets such as ORL; no effect on large ones)")
  @Default.Long(TrainSettings.DEFAULT_MIN_STEPS_PER_ROUND)
  long getMinStepsPerRound();

  void setMinStepsPerRound(long value);

  @Description("Batch size")
  @Default.Integer(FitConfig.DEFAULT_BATCH_SIZE)
  int getBatchSize();

  void setBatchSize(int value);

  @Description(
      "Learning-rate schedule: constant:LR | multistep:LR:GAMMA:STEP1,STEP2 | cosine:LR:TOTAL_STEPS:FLOOR, optionally ';warmup:STEPS:START_FACTOR'")
  @Default.String(SgdOptimizer.DEFAULT_LEARNING_RATE)
  String getLearningRate();

  void setLearningRate(String value);

  @Description("SGD momentum")
  @Default.Float(SgdOptimizer.DEFAULT_MOMENTUM)
  float getMomentum();

  void setMomentum(float value);

  @Description("Weight decay (not on BatchNorm, biases or PReLU)")
  @Default.Float(SgdOptimizer.DEFAULT_WEIGHT_DECAY)
  float getWeightDecay();

  void setWeightDecay(float value);

  @Description(
      "Scale s of METHOD.md's normalised losses (the modern margins have their own --<loss>Scale options, default 64)")
  @Default.Double(GaussianPolicy.DEFAULT_SCALE)
  double getScale();

  void setScale(double value);

  @Description(
      "SphereFace: fraction of the run's training steps (rounds x steps per round; train: its epochs) at which lambda reaches lambda_min = 5")
  @Default.Double(FixedLoss.DEFAULT_SPHERE_ANNEAL_FRACTION)
  double getSphereAnnealFraction();

  void setSphereAnnealFraction(double value);

  @Description("Device: auto (a GPU when DJL sees one), cpu, gpu or gpu:N")
  @Default.String(Device.AUTO)
  String getDevice();

  void setDevice(String value);

  @Description("TensorFlow threads per training stage (0 = all cores)")
  @Default.Integer(0)
  int getThreads();

  void setThreads(int value);

  @Description(
      "Where each candidate trains: in-process, or child-process (a native crash fails one candidate, not the worker)")
  @Default.Enum("IN_PROCESS")
  TrainSettings.Isolation getIsolation();

  void setIsolation(TrainSettings.Isolation value);

  @Description(
      "child-process isolation: a training child is killed as hung, its candidate failed, when it runs longer than"
          + " this many times its expected time (the time of its latest progress report plus the ETA that report"
          + " estimates from the steps left and its measured speed); 0 waits forever")
  @Default.Double(ChildTimeout.DEFAULT_FACTOR)
  double getChildTimeoutFactor();

  void setChildTimeoutFactor(double value);

  @Description(
      "child-process isolation: the least time before a training child counts as hung, and its whole allowance"
          + " before its first progress report (JVM start, TensorFlow, data, graph, the first steps)")
  @Default.Double(ChildTimeout.DEFAULT_MINIMUM_SECONDS)
  double getChildTimeoutMinSeconds();

  void setChildTimeoutMinSeconds(double value);

  @Description("Embed each face and its mirror image, summed (flip fusion), when evaluating")
  @Default.Boolean(false)
  boolean getFlipFusion();

  void setFlipFusion(boolean value);

  @Description(
      "Where the train split lives while training: memory (decoded in the heap, ~3.8 GB per 100k 112x112 faces), "
          + "stream (re-read from its shards every epoch through --shuffleBuffer; child-process training streams the same shards), "
          + "or auto (stream when the decoded split would exceed half the max heap)")
  @Default.Enum("AUTO")
  TrainSettings.TrainData getTrainData();

  void setTrainData(TrainSettings.TrainData value);

  @Description(
      "Faces in the shuffle buffer when the train split is streamed (~37.6 KB each at 112x112, "
          + "per concurrently training candidate; 10000 = ~376 MB)")
  @Default.Integer(StreamedTrainingData.DEFAULT_SHUFFLE_BUFFER)
  int getShuffleBuffer();

  void setShuffleBuffer(int value);

  @Description(
      "Threads decoding the PNGs of a streamed train split (0 = the cores TensorFlow leaves free, at least 1; "
          + "on a GPU all but 2 unless --threads is set); the batches are the same for any count")
  @Default.Integer(DecodeThreads.AUTO)
  int getDecodeThreads();

  void setDecodeThreads(int value);

  /** The settings these options describe. */
  static TrainSettings settings(TrainStageOptions o, String faults) {
    return TrainSettings.builder()
        .backbone(Choice.spelling(o.getBackbone()))
        .embeddingSize(o.getEmbeddingSize())
        .epochsPerRound(o.getEpochsPerRound())
        .stepsPerRound(o.getStepsPerRound())
        .minStepsPerRound(o.getMinStepsPerRound())
        .batchSize(o.getBatchSize())
        .learningRate(o.getLearningRate())
        .momentum(o.getMomentum())
        .weightDecay(o.getWeightDecay())
        .device(o.getDevice())
        .threads(o.getThreads())
        .isolation(o.getIsolation())
        .flipFusion(o.getFlipFusion())
        .trainData(o.getTrainData())
        .shuffleBuffer(o.getShuffleBuffer())
        .decodeThreads(o.getDecodeThreads())
        .childTimeout(new ChildTimeout(o.getChildTimeoutFactor(), o.getChildTimeoutMinSeconds()))
        .faults(faults)
        .build();
  }
}
