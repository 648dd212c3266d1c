package io.lfsbeam.train;

import io.lfsbeam.tf.TensorFlowEngine;
import io.lfsbeam.train.backbone.BackboneConfig;
import io.lfsbeam.train.backbone.Layers;
import io.lfsbeam.train.backbone.ParamStore;
import io.lfsbeam.train.backbone.ResidualBackbone;
import io.lfsbeam.train.checkpoint.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes an inference-only SavedModel (tag {@code serve}, signature {@code serving_default}): input
 * {@code image}, float32 [N, H, W, 3], pixels already normalised as (v − 127.5)/128 in RGB order;
 * output {@code embedding}, float32 [N, E], <em>not</em> L2-normalised (flip fusion sums raw
 * embeddings before normalising). BatchNorm uses the moving statistics, dropout is off.
 *
 * <p>The graph is rebuilt from the backbone configuration and filled from a checkpoint, so a model
 * can be exported from any checkpoint without its optimiser state and without pinning a device. The
 * directory must be local (TensorFlow writes it) and must not exist yet or be empty.
 */
public final class SavedModelExporter {
  private SavedModelExporter() {}

  public static void export(BackboneConfig backbone, Checkpoint checkpoint, Path dir)
      throws IOException {
    TensorFlowEngine.load();
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IOException("export directory is not empty: " + dir);
        }
      }
    }
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      ParamStore params = new ParamStore(tf);
      Placeholder<TFloat32> image =
          tf.withName(TrainingGraph.INFER_INPUT)
              .placeholder(
                  TFloat32.class,
                  Placeholder.shape(
                      Shape.of(-1, backbone.inputHeight(), backbone.inputWidth(), 3)));
      Layers layers = new Layers(params, false, backbone.bnMomentum(), backbone.bnEpsilon(), null);
      Operand<TFloat32> embedding =
          tf.withName(TrainingGraph.INFER_OUTPUT)
              .identity(ResidualBackbone.embedding(backbone, layers, image));
      for (ParamStore.Param p : params.all()) {
        Checkpoint.Tensor t = checkpoint.tensor(p.name());
        if (t == null || !Arrays.equals(t.shape(), p.shape())) {
          throw new IOException(
              "checkpoint does not fit backbone "
                  + backbone.name()
                  + ": variable "
                  + p.name()
                  + (t == null ? " is missing" : " has shape " + Arrays.toString(t.shape())));
        }
      }
      try (Session session = new Session(graph)) {
        VariableTransfer.assign(session, params.all(), p -> checkpoint.tensor(p.name()).values());
        Signature signature =
            Signature.builder()
                .key(Signature.DEFAULT_KEY)
                .methodName("tensorflow/serving/predict")
                .input(TrainingGraph.INFER_INPUT, image)
                .output(TrainingGraph.INFER_OUTPUT, embedding)
                .build();
        SavedModelBundle.exporter(dir.toAbsolutePath().toString())
            .withSession(session)
            .withSignature(signature)
            .export();
      }
    }
  }
}
