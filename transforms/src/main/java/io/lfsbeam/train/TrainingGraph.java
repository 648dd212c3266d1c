package io.lfsbeam.train;

import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.backbone.Init;
import io.lfsbeam.train.backbone.Layers;
import io.lfsbeam.train.backbone.ParamStore;
import io.lfsbeam.train.backbone.ResidualBackbone;
import io.lfsbeam.train.loss.GraphLoss;
import io.lfsbeam.train.loss.LossInputs;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The whole training graph: a training path (batch-statistics BatchNorm, dropout, classifier head,
 * loss, gradients, momentum updates) and an inference path (moving statistics) that share every
 * variable. Package-private; {@link Trainer} drives it.
 *
 * <p>The loss gets everything of {@link LossInputs}: the head's cosines, the embedding's norms
 * before normalisation ({@code train.embedding_norm}, differentiable: a loss decides whether to
 * stop their gradient), its running state as {@link LossStateVariables} assigned by the training
 * step, and N(0, 1) draws from a stateless generator whose seed the trainer feeds per step.
 */
final class TrainingGraph {
  /**
   * Name of the inference input (normalised NHWC floats); the exported signature uses the same
   * names.
   */
  static final String INFER_INPUT = "image";

  static final String INFER_OUTPUT = "embedding";

  final Graph graph;
  final ParamStore params;
  final Placeholder<TFloat32> images;
  final Placeholder<TInt32> labels;
  final Placeholder<TInt64> step;
  final Placeholder<TFloat32> learningRate;
  final Placeholder<TInt64> dropoutSeed;
  final Placeholder<TInt64> drawSeed;
  final Operand<TFloat32> embeddingNorms;
  final Operand<TFloat32> perSampleLoss;
  final Operand<TFloat32> loss;
  final Operand<TFloat32> trainEmbedding;
  final Op trainOp;
  final Placeholder<TFloat32> inferImages;
  final Operand<TFloat32> inferEmbedding;

  /** Builds into {@code graph}; the caller owns (and closes) the graph. */
  TrainingGraph(
      Graph graph,
      BackboneConfig backbone,
      GraphLoss lossGraph,
      int numClasses,
      SgdOptimizer optimizer,
      Device device) {
    this.graph = graph;
    Ops base = Ops.create(graph);
    Ops tf = device == null ? base : base.withDevice(deviceSpec(device));
    this.params = new ParamStore(tf);
    Shape imageShape = Shape.of(-1, backbone.inputHeight(), backbone.inputWidth(), 3);

    images = tf.withName("train.images").placeholder(TFloat32.class, Placeholder.shape(imageShape));
    labels = tf.withName("train.labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    step = tf.withName("train.step").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    learningRate =
        tf.withName("train.learning_rate")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    dropoutSeed =
        tf.withName("train.dropout_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
    drawSeed =
        tf.withName("train.draw_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));

    Layers train =
        new Layers(params, true, backbone.bnMomentum(), backbone.bnEpsilon(), dropoutSeed);
    trainEmbedding = ResidualBackbone.embedding(backbone, train, images);
    Operand<TFloat32> head =
        head(
            tf,
            params,
            trainEmbedding,
            backbone.embeddingSize(),
            numClasses,
            lossGraph.requiresNormalizedInput());
    embeddingNorms =
        tf.withName("train.embedding_norm")
            .math
            .sqrt(
                tf.math.add(
                    tf.sum(tf.math.square(trainEmbedding), tf.constant(1)), tf.constant(1e-12f)));
    LossStateVariables lossState = new LossStateVariables(tf, params);
    // ElasticFace's margins: N(0, 1) per sample, a function of (draw seed, step) only
    Operand<TFloat32> draws =
        tf.withName("train.draws")
            .random
            .statelessRandomNormal(tf.shape(labels), drawSeed, TFloat32.class);
    perSampleLoss =
        lossGraph.perSample(
            new LossInputs<>(tf, head, labels, step, embeddingNorms, lossState, draws));
    loss = tf.withName("train.loss").math.mean(perSampleLoss, tf.constant(0));

    List<ParamStore.Param> trainable = params.trainable();
    List<Operand<TFloat32>> reads = new ArrayList<>();
    for (ParamStore.Param p : trainable) {
      reads.add(p.read());
    }
    Gradients grads = tf.gradients(loss, reads);
    List<Operand<TFloat32>> finalGrads = new ArrayList<>();
    Operand<TFloat32> decay = tf.constant(optimizer.weightDecay());
    for (int i = 0; i < trainable.size(); i++) {
      Operand<TFloat32> g = grads.dy(i).expect(TFloat32.class);
      ParamStore.Param p = trainable.get(i);
      if (p.kind().decayed() && optimizer.weightDecay() > 0) {
        g = tf.math.add(g, tf.math.mul(decay, p.read()));
      }
      finalGrads.add(g);
    }
    // Updates write variables in place and reads alias them: run every update only after every
    // gradient (and hence every forward read) has been computed.
    Ops afterGrads = tf.withControlDependencies(new ArrayList<>(finalGrads));
    Operand<TFloat32> momentum = tf.constant(optimizer.momentum());
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < trainable.size(); i++) {
      ParamStore.Param p = trainable.get(i);
      ParamStore.Param slot =
          params.param(p.name() + "/momentum", p.shape(), ParamStore.Kind.SLOT, Init.zeros());
      updates.add(
          afterGrads.train.applyMomentum(
              p.variable(), slot.variable(), learningRate, finalGrads.get(i), momentum));
    }
    updates.addAll(train.updates());
    // the loss's running state: written once per training step, after every read of it
    updates.addAll(lossState.updates(afterGrads));
    trainOp = tf.withControlDependencies(updates).withName("train.step_op").noOp();

    inferImages =
        tf.withName(INFER_INPUT).placeholder(TFloat32.class, Placeholder.shape(imageShape));
    Layers infer = new Layers(params, false, backbone.bnMomentum(), backbone.bnEpsilon(), null);
    inferEmbedding =
        tf.withName(INFER_OUTPUT)
            .identity(ResidualBackbone.embedding(backbone, infer, inferImages));
  }

  /**
   * The TensorFlow placement of a resolved device ({@link Device#tensorFlowName()} in spec form).
   */
  static DeviceSpec deviceSpec(Device device) {
    DeviceSpec.DeviceType type =
        device.type() == Device.Type.GPU ? DeviceSpec.DeviceType.GPU : DeviceSpec.DeviceType.CPU;
    if (device.type() == Device.Type.AUTO) {
      throw new IllegalArgumentException("resolve 'auto' before building a graph");
    }
    return DeviceSpec.newBuilder().deviceType(type).deviceIndex(device.index()).build();
  }

  /**
   * The classifier head. Normalised: cos = clamp(x̂·Ŵ, −1, 1) with columns of W [emb, K] and rows
   * of x L2-normalised by sqrt of sum of squares (EuclideanNorm has no gradient; clipping by
   * Minimum/Maximum because ClipByValue has none either). Plain: logits = x·W + b.
   */
  static Operand<TFloat32> head(
      Ops tf,
      ParamStore params,
      Operand<TFloat32> embedding,
      int embeddingSize,
      int numClasses,
      boolean normalized) {
    Operand<TFloat32> w =
        params.get(
            "head/weight",
            new long[] {embeddingSize, numClasses},
            ParamStore.Kind.WEIGHT,
            Init.normal(0.01f));
    if (!normalized) {
      Operand<TFloat32> b =
          params.get("head/bias", new long[] {numClasses}, ParamStore.Kind.BIAS, Init.zeros());
      return tf.withName("head.logits").math.add(tf.linalg.matMul(embedding, w), b);
    }
    Operand<TFloat32> x = l2Normalize(tf, embedding, 1);
    Operand<TFloat32> wn = l2Normalize(tf, w, 0);
    Operand<TFloat32> cos = tf.linalg.matMul(x, wn);
    return tf.withName("head.cos")
        .math
        .maximum(tf.math.minimum(cos, tf.constant(1f)), tf.constant(-1f));
  }

  /** x / sqrt(Σx² + ε) along one axis; ε keeps the gradient finite at zero. */
  static Operand<TFloat32> l2Normalize(Ops tf, Operand<TFloat32> x, int axis) {
    Operand<TFloat32> sumSq = tf.sum(tf.math.square(x), tf.constant(axis), Sum.keepDims(true));
    return tf.math.div(x, tf.math.sqrt(tf.math.add(sumSq, tf.constant(1e-12f))));
  }
}
