package io.lfsbeam.train;

import io.lfsbeam.tf.Gpus;
import io.lfsbeam.tf.TensorFlowEngine;
import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.backbone.ParamStore;
import io.lfsbeam.train.checkpoint.Checkpoint;
import io.lfsbeam.train.checkpoint.CheckpointIO;
import io.lfsbeam.train.loss.GraphLoss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.framework.ConfigProto;
import org.tensorflow.proto.framework.RunMetadata;
import org.tensorflow.proto.framework.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Trains a face backbone with a margin loss in TensorFlow graph mode (DJL's TensorFlow engine has
 * no autograd). One trainer owns one graph and session: build it, optionally {@link #restore} a
 * checkpoint, {@link #fit} for some epochs or steps, then {@link #saveCheckpoint} and/or {@link
 * #exportSavedModel}. Not thread-safe; close it to free native memory.
 *
 * <pre>{@code
 * try (Trainer t = Trainer.builder().setBackbone(BackboneConfig.tiny()).setLoss(cosFace)
 *     .setNumClasses(k).optSeed(7).optDevice(Device.auto()).build()) {
 *   TrainingSummary s = t.fit(data, FitConfig.builder().epochs(2).build(), p -> log(p));
 * }
 * }</pre>
 *
 * <p>Initial weights depend only on (seed, variable name), computed in Java; the shuffle on (seed,
 * epoch); dropout on (seed, step). TensorFlow's multi-threaded CPU kernels may still reorder float
 * sums, so equal seeds give equal losses to within float rounding, not necessarily bit for bit.
 */
public final class Trainer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  /** The set-ups announced at info so far in this JVM. */
  private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

  /** Separates the loss's draw stream from the other uses of a trainer's seed. */
  private static final long DRAW_SALT = 0x6c6f73735f647277L; // "loss_drw"

  private final BackboneConfig backbone;
  private final int numClasses;
  private final long seed;
  private final SgdOptimizer optimizer;
  private final Device device;
  private final Map<String, Float> scalarFeeds;
  private final Graph graph;
  private final TrainingGraph net;
  private final Session session;
  private long step;
  private long epochsCompleted;

  private Trainer(Builder b, Device resolved) {
    this.backbone = b.backbone;
    this.numClasses = b.numClasses;
    this.seed = b.seed;
    this.optimizer = b.optimizer;
    this.device = resolved;
    this.scalarFeeds = new LinkedHashMap<>(b.scalarFeeds);
    this.graph = new Graph();
    try {
      this.net = new TrainingGraph(graph, backbone, b.loss, numClasses, optimizer, resolved);
      for (String name : scalarFeeds.keySet()) {
        if (graph.operation(name) == null) {
          throw new IllegalArgumentException(
              "scalar feed '" + name + "' names no placeholder in the graph");
        }
      }
      ConfigProto.Builder config = ConfigProto.newBuilder().setAllowSoftPlacement(true);
      if (b.intraOpThreads > 0) {
        config
            .setIntraOpParallelismThreads(b.intraOpThreads)
            .setInterOpParallelismThreads(b.intraOpThreads);
      }
      this.session = new Session(graph, config.build());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
    try {
      VariableTransfer.assign(
          session, net.params.all(), p -> p.init().values(seed, p.name(), p.size()));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    // a search builds two trainers per candidate (training, evaluation), all alike: the first of
    // each set-up is worth a line, the others only in the debug log
    String ready =
        String.format(
            Locale.ROOT,
            "trainer ready: %s with %d classes, %d float values in variables, %s on %s",
            backbone,
            numClasses,
            net.params.totalValues(),
            optimizer,
            device);
    if (ANNOUNCED.add(ready)) {
      LOG.info(ready);
    } else {
      LOG.debug(ready);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public BackboneConfig backbone() {
    return backbone;
  }

  public int numClasses() {
    return numClasses;
  }

  public long seed() {
    return seed;
  }

  public Device device() {
    return device;
  }

  public SgdOptimizer optimizer() {
    return optimizer;
  }

  /** Global optimiser step: the number of updates applied so far (restored from checkpoints). */
  public long step() {
    return step;
  }

  /** Completed epochs (restored from checkpoints); seeds the next epoch's shuffle. */
  public long epochsCompleted() {
    return epochsCompleted;
  }

  void markEpochsCompleted(long epochs) {
    this.epochsCompleted = epochs;
  }

  /**
   * FLOPs per image of the forward pass up to the loss, counted from the graph ({@link
   * GraphFlops}).
   */
  public long forwardFlopsPerImage() {
    return GraphFlops.perImage((GraphOperation) net.loss.op());
  }

  /** FLOPs per image of a training step: forward and both gradients ({@link GraphFlops}). */
  public long trainingFlopsPerImage() {
    return GraphFlops.perImage((GraphOperation) net.trainOp.op());
  }

  /**
   * Changes a scalar placeholder declared by the loss (see {@link GraphLoss}); applies from the
   * next step.
   */
  public void setScalarFeed(String name, float value) {
    if (!scalarFeeds.containsKey(name)) {
      throw new IllegalArgumentException("'" + name + "' was not declared with optScalarFeed");
    }
    scalarFeeds.put(name, value);
  }

  /** One optimiser step on this batch; returns the batch's mean loss before the update. */
  public float trainStep(Batch batch) {
    return trainStep(batch, null);
  }

  /**
   * One optimiser step that also hands the batch's embedding norms (before L2 normalisation, the
   * training path's) to {@code norms}, when not null.
   */
  float trainStep(Batch batch, EmbeddingNormWindow norms) {
    List<Tensor> owned = new ArrayList<>();
    Session.Runner runner = runner(batch, true, owned);
    if (norms != null) {
      runner.fetch(net.embeddingNorms);
    }
    try (Result result = runner.run()) {
      float loss = ((TFloat32) result.get(0)).getFloat();
      if (norms != null) {
        TFloat32 n = (TFloat32) result.get(1);
        float[] values = new float[(int) n.shape().size()];
        n.read(DataBuffers.of(values, false, false));
        norms.add(values);
      }
      step++;
      return loss;
    } finally {
      owned.forEach(Tensor::close);
    }
  }

  /**
   * The training-mode loss of a batch (batch statistics, current weights) without updating
   * anything.
   */
  public float loss(Batch batch) {
    return run(batch, false);
  }

  private float run(Batch batch, boolean update) {
    List<Tensor> owned = new ArrayList<>();
    try (Result result = runner(batch, update, owned).run()) {
      return ((TFloat32) result.get(0)).getFloat();
    } finally {
      owned.forEach(Tensor::close);
    }
  }

  /**
   * One training step on this batch, traced by TensorFlow (RunOptions FULL_TRACE): where its time
   * goes, per op type. The step counts as a step (the weights move).
   */
  public StepProfile profileStep(Batch batch) {
    List<Tensor> owned = new ArrayList<>();
    RunOptions trace =
        RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
    long start = System.nanoTime();
    try (Result result = runner(batch, true, owned).setOptions(trace).runAndFetchMetadata()) {
      double wall = (System.nanoTime() - start) / 1e3;
      step++;
      RunMetadata metadata =
          result
              .getMetadata()
              .orElseThrow(() -> new IllegalStateException("TensorFlow returned no run metadata"));
      return StepProfile.of(metadata.getStepStats(), wall);
    } finally {
      owned.forEach(Tensor::close);
    }
  }

  /** A runner for one step: fetches the mean loss, and runs the updates if asked. */
  private Session.Runner runner(Batch batch, boolean update, List<Tensor> owned) {
    Session.Runner runner =
        session
            .runner()
            .feed(net.images, own(owned, images(batch.pixels(), batch.size())))
            .feed(net.labels, own(owned, TInt32.vectorOf(batch.labels())))
            .feed(net.step, own(owned, TInt64.scalarOf(step)))
            .feed(
                net.learningRate,
                own(owned, TFloat32.scalarOf((float) optimizer.learningRate().rate(step))))
            .feed(net.dropoutSeed, own(owned, TInt64.vectorOf(seed, step)))
            .feed(net.drawSeed, own(owned, TInt64.vectorOf(drawSeed(seed), step)));
    for (Map.Entry<String, Float> e : scalarFeeds.entrySet()) {
      runner.feed(e.getKey(), own(owned, TFloat32.scalarOf(e.getValue())));
    }
    runner.fetch(net.loss);
    if (update) {
      runner.addTarget(net.trainOp);
    }
    return runner;
  }

  /**
   * The seed of the loss's per-step N(0, 1) draws (ElasticFace's margins) for a trainer seed: the
   * draws of step t come from TensorFlow's stateless normal generator (Philox) seeded with {@code
   * (drawSeed(seed), t)}, so a run's margins follow from its seed and the global step alone (a
   * candidate that resumes from a checkpoint continues the same sequence), and differ from the
   * dropout stream, which is seeded with {@code (seed, t)}.
   */
  public static long drawSeed(long seed) {
    return new SplittableRandom(seed ^ DRAW_SALT).nextLong();
  }

  /**
   * The loss's running state now (CurricularFace's t, AdaFace's mean and std of the norms), by name
   * without the {@code loss/} prefix; empty for a stateless loss.
   */
  public Map<String, Double> lossState() {
    List<ParamStore.Param> state =
        net.params.all().stream().filter(p -> p.kind() == ParamStore.Kind.LOSS_STATE).toList();
    Map<String, Double> out = new LinkedHashMap<>();
    if (state.isEmpty()) {
      return out;
    }
    VariableTransfer.fetch(session, state)
        .forEach(
            (name, t) ->
                out.put(
                    name.substring(LossStateVariables.PREFIX.length()), (double) t.values()[0]));
    return out;
  }

  /**
   * Raw (not normalised) embeddings of normalised NHWC images, on the inference path (moving BN
   * statistics).
   */
  public float[][] embed(float[] normalizedPixels, int count) {
    try (TFloat32 in = images(normalizedPixels, count);
        Result result =
            session.runner().feed(net.inferImages, in).fetch(net.inferEmbedding).run()) {
      TFloat32 out = (TFloat32) result.get(0);
      int dim = backbone.embeddingSize();
      float[] flat = new float[count * dim];
      out.read(DataBuffers.of(flat, false, false));
      float[][] rows = new float[count][];
      for (int i = 0; i < count; i++) {
        rows[i] = Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
      }
      return rows;
    }
  }

  private TFloat32 images(float[] pixels, int count) {
    Shape shape = Shape.of(count, backbone.inputHeight(), backbone.inputWidth(), 3);
    if (pixels.length != shape.size()) {
      throw new IllegalArgumentException(pixels.length + " floats do not make " + shape);
    }
    return TFloat32.tensorOf(shape, DataBuffers.of(pixels, true, false));
  }

  private static <T extends Tensor> T own(List<Tensor> owned, T tensor) {
    owned.add(tensor);
    return tensor;
  }

  /**
   * Trains per {@code config}; never throws for training failures, see {@link TrainingSummary}.
   * After a NAN or FAILED run the weights are unusable (the last update may have applied non-finite
   * gradients): restore a checkpoint before training or saving again.
   */
  public TrainingSummary fit(TrainingSource data, FitConfig config, ProgressListener listener) {
    return FitLoop.run(this, data, config, listener == null ? ProgressListener.NONE : listener);
  }

  /**
   * Every variable (weights, BatchNorm statistics, momentum, the loss's running state), the step
   * and descriptive metadata.
   */
  public Checkpoint checkpoint() {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("backbone", backbone.name());
    meta.put("backbone.config", backbone.toString());
    meta.put("numClasses", Integer.toString(numClasses));
    meta.put("epochsCompleted", Long.toString(epochsCompleted));
    meta.put("seed", Long.toString(seed));
    meta.put("drawSeed", Long.toString(drawSeed(seed)));
    return new Checkpoint(step, meta, VariableTransfer.fetch(session, net.params.all()));
  }

  /**
   * Loads every variable from a checkpoint, and the step and epoch counters. Momentum slots absent
   * from the checkpoint start at zero and a loss state absent from it (a checkpoint written with
   * another loss, e.g. the search's shared initial weights) at its initial value; any other missing
   * variable or a shape mismatch is an error. Variables of the checkpoint this graph lacks (another
   * loss's state) are ignored.
   */
  public void restore(Checkpoint checkpoint) {
    for (ParamStore.Param p : net.params.all()) {
      Checkpoint.Tensor t = checkpoint.tensor(p.name());
      if (t == null && p.kind() != ParamStore.Kind.SLOT && p.kind() != ParamStore.Kind.LOSS_STATE) {
        throw new IllegalArgumentException("checkpoint lacks variable " + p.name());
      }
      if (t != null && !Arrays.equals(t.shape(), p.shape())) {
        throw new IllegalArgumentException(
            "variable "
                + p.name()
                + " has shape "
                + Arrays.toString(p.shape())
                + " but the checkpoint holds "
                + Arrays.toString(t.shape()));
      }
    }
    VariableTransfer.assign(
        session,
        net.params.all(),
        p -> {
          Checkpoint.Tensor t = checkpoint.tensor(p.name());
          if (t != null) {
            return t.values();
          }
          if (p.kind() == ParamStore.Kind.LOSS_STATE) {
            LOG.info("{} is not in the checkpoint: it starts at its initial value", p.name());
            return p.init().values(seed, p.name(), p.size());
          }
          return new float[p.size()];
        });
    this.step = checkpoint.step();
    this.epochsCompleted =
        Long.parseLong(checkpoint.metadata().getOrDefault("epochsCompleted", "0"));
  }

  /** Writes {@link #checkpoint()} atomically to a Beam file URI or local path. */
  public void saveCheckpoint(String uri) throws IOException {
    CheckpointIO.write(checkpoint(), uri);
  }

  public void restoreCheckpoint(String uri) throws IOException {
    restore(CheckpointIO.read(uri));
  }

  /** Exports the inference graph with the current weights, see {@link SavedModelExporter}. */
  public void exportSavedModel(Path dir) throws IOException {
    SavedModelExporter.export(backbone, checkpoint(), dir);
  }

  @Override
  public void close() {
    try {
      if (session != null) {
        session.close();
      }
    } finally {
      graph.close();
    }
  }

  /** DJL-style builder: {@code set*} are required, {@code opt*} have defaults. */
  public static final class Builder {
    private BackboneConfig backbone;
    private GraphLoss loss;
    private int numClasses;
    private long seed = 0;
    private SgdOptimizer optimizer = SgdOptimizer.builder().build();
    private Device device = Device.auto();
    private final Map<String, Float> scalarFeeds = new LinkedHashMap<>();
    private int intraOpThreads = 0;

    public Builder setBackbone(BackboneConfig backbone) {
      this.backbone = backbone;
      return this;
    }

    public Builder setLoss(GraphLoss loss) {
      this.loss = loss;
      return this;
    }

    public Builder setNumClasses(int numClasses) {
      this.numClasses = numClasses;
      return this;
    }

    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder optOptimizer(SgdOptimizer optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /** {@code auto} (default) takes GPU 0 when DJL's TensorFlow engine sees one. */
    public Builder optDevice(Device device) {
      this.device = device;
      return this;
    }

    /** Feeds a scalar float placeholder that the loss created under this op name on every step. */
    public Builder optScalarFeed(String placeholderName, float value) {
      this.scalarFeeds.put(placeholderName, value);
      return this;
    }

    /** TensorFlow intra/inter-op thread count (0 = TensorFlow's default, all cores). */
    public Builder optThreads(int threads) {
      this.intraOpThreads = threads;
      return this;
    }

    public Trainer build() {
      if (backbone == null || loss == null) {
        throw new IllegalArgumentException("backbone and loss are required");
      }
      if (numClasses < 2) {
        throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
      }
      TensorFlowEngine.load();
      Device resolved = device.resolve(Gpus.count());
      if (device.type() == Device.Type.AUTO) {
        Gpus.reportAuto(resolved.type() == Device.Type.GPU);
      }
      return new Trainer(this, resolved);
    }
  }
}
