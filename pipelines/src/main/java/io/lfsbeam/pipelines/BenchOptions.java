package io.lfsbeam.pipelines;

import io.lfsbeam.bench.LossBench;
import io.lfsbeam.evaluate.Embedder;
import io.lfsbeam.synth.ImageFormat;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Options of {@code lfs bench}: throughput figures of the hot paths on this machine, printed, never
 * asserted.
 */
public interface BenchOptions extends PipelineOptions {
  @Description(
      "What to measure: align, train, eval or all; profile (where a training step spends its time, per TensorFlow kernel), search (overhead), stream (training-data sources), pack (insightface pack source vs Avro shards), losses (held-out accuracy per loss on one training budget, minutes) or scale (preprocess wall time and peak RSS on growing synthetic sets, child processes)")
  @Default.String("all")
  String getWhat();

  void setWhat(String value);

  @Description(
      "Folder of 250x250 JPEG faces with landmarks.txt (as written by lfs synth --format=jpg); "
          + "generated there when it has no landmarks.txt; a temporary folder when unset. "
          + "bench/align_reference.py reads the same folder")
  String getFacesDir();

  void setFacesDir(String value);

  @Description("align: number of distinct synthetic faces to generate")
  @Default.Integer(100)
  int getAlignFaces();

  void setAlignFaces(int value);

  @Description("align: faces timed per stage (after as many warm-up faces)")
  @Default.Integer(1000)
  int getAlignIterations();

  void setAlignIterations(int value);

  @Description("align: warps timed for the warp-only figure (after as many warm-up warps)")
  @Default.Integer(5000)
  int getWarpIterations();

  void setWarpIterations(int value);

  @Description(
      "train: comma-separated backbone presets (tiny, resnet20, resnet50; resnet50 is slow on CPU)")
  @Default.String("tiny,resnet20")
  String getPresets();

  void setPresets(String value);

  @Description("train, losses: images per step")
  @Default.Integer(64)
  int getBatchSize();

  void setBatchSize(int value);

  @Description("train: untimed warm-up steps (the first pays for TensorFlow's graph optimisation)")
  @Default.Integer(2)
  int getWarmupSteps();

  void setWarmupSteps(int value);

  @Description(
      "train: timed steps, the median is reported (default 5); losses: training steps per loss (default 600)")
  Integer getSteps();

  void setSteps(Integer value);

  @Description("train: classes of the CosFace head")
  @Default.Integer(1000)
  int getNumClasses();

  void setNumClasses(int value);

  @Description("train, losses: TensorFlow threads (0 = the trainer's default, every core)")
  @Default.Integer(0)
  int getThreads();

  void setThreads(int value);

  @Description("train: device, cpu or gpu:N")
  @Default.String("cpu")
  String getDevice();

  void setDevice(String value);

  @Description("eval: comma-separated presets whose embedding throughput is measured")
  @Default.String("tiny,resnet20")
  String getEmbedPresets();

  void setEmbedPresets(String value);

  @Description("eval: faces per embedding batch")
  @Default.Integer(Embedder.BATCH)
  int getEmbedBatchSize();

  void setEmbedBatchSize(int value);

  @Description("eval: timed embedding batches; the median is reported")
  @Default.Integer(5)
  int getEmbedBatches();

  void setEmbedBatches(int value);

  @Description("eval: runs of the verification protocol and ROC; the best is reported")
  @Default.Integer(10)
  int getEvalRuns();

  void setEvalRuns(int value);

  @Description(
      "search: optimiser steps per candidate per round (tiny, batch 32; ~200 gives rounds of about a minute on 2 cores)")
  @Default.Long(200)
  long getSearchSteps();

  void setSearchSteps(long value);

  @Description("stream: synthetic 112x112 faces in the train split read from memory and streamed")
  @Default.Integer(4000)
  int getStreamFaces();

  void setStreamFaces(int value);

  @Description("stream: faces in the streamed source's shuffle buffer")
  @Default.Integer(1000)
  int getShuffleBuffer();

  void setShuffleBuffer(int value);

  @Description("stream: decoder thread counts measured, 1 up to this (0 = the cores present)")
  @Default.Integer(0)
  int getDecodeThreads();

  void setDecodeThreads(int value);

  @Description(
      "losses: comma-separated losses, each at its default parameters (softmax, normface, sphereface, cosface, arcface, combined, modulated, curricularface, adaface, magface, elasticface-arc, elasticface-cos, elasticface-arc-plus, elasticface-cos-plus)")
  @Default.String(LossBench.DEFAULT_LOSSES)
  String getLosses();

  void setLosses(String value);

  @Description(
      "losses: seed of the synthetic faces, the initial weights and the data order (the same for every loss)")
  @Default.Long(1)
  long getSeed();

  void setSeed(long value);

  @Description("losses: synthetic identities to train on")
  @Default.Integer(100)
  int getTrainIdentities();

  void setTrainIdentities(int value);

  @Description(
      "losses: further synthetic identities, never trained on, for the verification pairs (20 or more: identity-disjoint folds)")
  @Default.Integer(40)
  int getHeldOutIdentities();

  void setHeldOutIdentities(int value);

  @Description("losses: images per identity")
  @Default.Integer(10)
  int getImagesPerIdentity();

  void setImagesPerIdentity(int value);

  @Description("losses: matched (and as many mismatched) pairs per fold, at most")
  @Default.Integer(30)
  int getPairsPerFold();

  void setPairsPerFold(int value);

  @Description(
      "losses: nuisance strength of the synthetic faces in [0, 1] (pose, light, noise, occluders)")
  @Default.Double(1.0)
  double getDifficulty();

  void setDifficulty(double value);

  @Description(
      "scale: comma-separated dataset sizes in faces (multiples of 10: identities of 10 images)")
  @Default.String("1000,10000,100000")
  String getScaleSizes();

  void setScaleSizes(String value);

  @Description(
      "scale: image format of the synthetic 250x250 sets: jpg (LFW-like, what the peer script is"
          + " compared on) or png")
  @Default.Enum("JPG") // ScaleBench.DEFAULT_FORMAT
  ImageFormat getScaleFormat();

  void setScaleFormat(ImageFormat value);

  @Description(
      "scale: the peer script run on every set after lfs preprocess (default"
          + " bench/preprocess_reference.py of this checkout, skipped with a note when it or a"
          + " Python 3 with OpenCV and scikit-image is missing); none skips it")
  String getScalePeerScript();

  void setScalePeerScript(String value);

  @Description(
      "scale: folder caching the synthetic sets between calls (default ~/.lfs-beam/bench-scale)")
  String getScaleCache();

  void setScaleCache(String value);

  @Description(
      "scale: JVM flags of each child preprocess (space-separated, e.g. -Xmx2g); none by default,"
          + " as a user runs java -jar lfs.jar")
  @Default.String("")
  String getScaleJvmOptions();

  void setScaleJvmOptions(String value);

  @Description(
      "scale on a Flink cluster (--flinkMaster=HOST:PORT): the job jar the children ship"
          + " (default lfs-job.jar beside lfs.jar)")
  String getScaleJobJar();

  void setScaleJobJar(String value);

  @Description(
      "scale: candidates of the search round run after the preprocess runs, on the smallest"
          + " size's output (1 round, backbone tiny); 0 runs none")
  @Default.Integer(8)
  int getScaleSearchCandidates();

  void setScaleSearchCandidates(int value);

  @Description(
      "scale on a Flink cluster: comma-separated TaskManager counts (e.g. 1,2) to measure in turn;"
          + " the cluster starts with the first and the bench adds TaskManagers with"
          + " cluster.sh start-taskmanager --dir=<--scaleClusterDir> between; empty measures the"
          + " cluster as it is")
  @Default.String("")
  String getScaleTaskManagers();

  void setScaleTaskManagers(String value);

  @Description(
      "scale on a Flink cluster: the --dir of the deploy/flink/cluster.sh cluster, to add"
          + " TaskManagers (with --scaleTaskManagers)")
  String getScaleClusterDir();

  void setScaleClusterDir(String value);

  @Description("scale on a Flink cluster: the cluster script that adds TaskManagers")
  @Default.String("deploy/flink/cluster.sh")
  String getScaleClusterScript();

  void setScaleClusterScript(String value);

  @Description(
      "pack: an insightface pack whose faces are measured (e.g. ../shared/datasets/insightface_orl); synthetic JPEG faces when unset")
  String getPackDir();

  void setPackDir(String value);

  @Description("pack: faces in each container (the pack's faces repeated)")
  @Default.Integer(3000)
  int getPackFaces();

  void setPackFaces(int value);

  @Description("pack: timed passes over each container; the best is reported")
  @Default.Integer(3)
  int getPackRuns();

  void setPackRuns(int value);
}
