package io.lfsbeam.train;

import io.lfsbeam.tf.TensorFlowEngine;
import io.lfsbeam.train.loss.GraphLossFactory;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of a child training JVM: {@code TrainingJobMain <job.properties>
 * <summary.properties>}. The device comes from the job, overridden by the environment variable
 * {@value #DEVICE_ENV}. Progress goes to stdout as {@value #PROGRESS_PREFIX} lines; the summary is
 * written (atomically) even when training fails. Exit code 0 when a summary was written, 1
 * otherwise, 2 on bad usage.
 */
public final class TrainingJobMain {
  public static final String DEVICE_ENV = "LFS_TRAIN_DEVICE";
  public static final String PROGRESS_PREFIX = "LFS-PROGRESS";
  private static final Logger LOG = LoggerFactory.getLogger(TrainingJobMain.class);

  private TrainingJobMain() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: TrainingJobMain <job.properties> <summary.properties>");
      System.exit(2);
    }
    long start = System.currentTimeMillis();
    TrainingSummary summary;
    try {
      TrainingJob job = TrainingJob.read(Paths.get(args[0]));
      String device = System.getenv(DEVICE_ENV) != null ? System.getenv(DEVICE_ENV) : job.device();
      summary = run(job, Device.parse(device), TrainingJobMain::printProgress);
    } catch (Exception | LinkageError e) {
      LOG.error("training job failed", e);
      summary = TrainingSummary.failed(e.toString(), "?", start);
    }
    try {
      writeSummary(summary, Paths.get(args[1]));
    } catch (IOException e) {
      LOG.error("cannot write the summary", e);
      System.exit(1);
    }
    System.out.flush();
    System.exit(0);
  }

  /**
   * Runs a job in this JVM: loads data, builds the trainer, restores the start checkpoint, trains,
   * then writes the output checkpoint and the SavedModel if asked (only when training ended OK).
   */
  public static TrainingSummary run(TrainingJob job, Device device, ProgressListener listener)
      throws Exception {
    long start = System.currentTimeMillis();
    if (job.hangSeconds() > 0) {
      System.err.println("test hook: hanging for " + job.hangSeconds() + " s");
      System.err.flush();
      Thread.sleep(job.hangSeconds() * 1000);
    }
    TensorFlowEngine.load();
    if (job.haltWithExitCode() != 0) {
      System.err.println("test hook: halting with exit code " + job.haltWithExitCode());
      System.err.flush();
      Runtime.getRuntime().halt(job.haltWithExitCode());
    }
    TrainingSource data = job.openData();
    GraphLossFactory factory =
        (GraphLossFactory) Class.forName(job.lossFactory()).getDeclaredConstructor().newInstance();
    Trainer.Builder builder =
        Trainer.builder()
            .setBackbone(job.backbone())
            .setLoss(factory.create(job.lossParams()))
            .setNumClasses(job.numClasses())
            .optSeed(job.seed())
            .optOptimizer(job.optimizer())
            .optDevice(device)
            .optThreads(job.threads());
    job.scalarFeeds().forEach(builder::optScalarFeed);
    try (Trainer trainer = builder.build()) {
      if (job.startCheckpoint() != null) {
        trainer.restoreCheckpoint(job.startCheckpoint());
      }
      TrainingSummary summary = trainer.fit(data, job.fitConfig(), listener);
      if (summary.status() == TrainingSummary.Status.OK) {
        if (job.outputCheckpoint() != null) {
          trainer.saveCheckpoint(job.outputCheckpoint());
        }
        if (job.exportDir() != null) {
          trainer.exportSavedModel(Paths.get(job.exportDir()));
        }
      }
      return summary.withTimes(start, System.currentTimeMillis());
    }
  }

  static void printProgress(TrainingProgress p) {
    System.out.println(
        String.format(
            Locale.ROOT,
            "%s step=%d runStep=%d runSteps=%d epoch=%s loss=%s lr=%s ips=%s eta=%s",
            PROGRESS_PREFIX,
            p.step(),
            p.runStep(),
            p.runSteps(),
            p.epoch(),
            p.loss(),
            p.learningRate(),
            p.imagesPerSecond(),
            p.etaSeconds()));
    System.out.flush();
  }

  /** Parses a line printed by {@link #printProgress}; null for any other line. */
  static TrainingProgress parseProgress(String line) {
    if (!line.startsWith(PROGRESS_PREFIX + " ")) {
      return null;
    }
    Map<String, String> kv = new HashMap<>();
    for (String part : line.substring(PROGRESS_PREFIX.length() + 1).split(" ")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        kv.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    try {
      return new TrainingProgress(
          Long.parseLong(kv.get("step")),
          Long.parseLong(kv.get("runStep")),
          Long.parseLong(kv.get("runSteps")),
          Double.parseDouble(kv.get("epoch")),
          Double.parseDouble(kv.get("loss")),
          Double.parseDouble(kv.get("lr")),
          Double.parseDouble(kv.get("ips")),
          Double.parseDouble(kv.get("eta")));
    } catch (RuntimeException e) {
      return null;
    }
  }

  static void writeSummary(TrainingSummary summary, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      summary.toProperties().store(w, "lfs-beam training summary");
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
