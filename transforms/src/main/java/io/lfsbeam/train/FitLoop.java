package io.lfsbeam.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epoch/step loop behind {@link Trainer#fit}: batches, progress windows, throughput and ETA,
 * and the rule that a non-finite loss ends the run as {@link TrainingSummary.Status#NAN} and any
 * error as {@link TrainingSummary.Status#FAILED}, without throwing.
 *
 * <p>A run continued at step k ({@link FitConfig#resumeAtStep}) starts at batch k of the run's data
 * order, the batch an uninterrupted run would train next: epoch ⌊k/b⌋ of the run (b batches per
 * epoch), skipping its first k mod b batches, with the same flips. The summary counts the steps of
 * this call only.
 */
final class FitLoop {
  private static final Logger LOG = LoggerFactory.getLogger(FitLoop.class);

  private FitLoop() {}

  static TrainingSummary run(
      Trainer trainer, TrainingSource data, FitConfig config, ProgressListener listener) {
    long startMillis = System.currentTimeMillis();
    String device = trainer.device().toString();
    BatchAssembler batches;
    try {
      if (data.height() != trainer.backbone().inputHeight()
          || data.width() != trainer.backbone().inputWidth()) {
        throw new IllegalArgumentException(
            "data is "
                + data.height()
                + "x"
                + data.width()
                + " but the backbone takes "
                + trainer.backbone().inputHeight()
                + "x"
                + trainer.backbone().inputWidth());
      }
      if (data.numClasses() > trainer.numClasses()) {
        throw new IllegalArgumentException(
            "data has " + data.numClasses() + " classes, the head " + trainer.numClasses());
      }
      batches = new BatchAssembler(data, config.batchSize(), trainer.seed(), config.flip());
    } catch (IllegalArgumentException e) {
      return TrainingSummary.failed(e.getMessage(), device, startMillis);
    }
    int perEpoch = batches.batchesPerEpoch();
    long total = config.epochs() > 0 ? (long) config.epochs() * perEpoch : Long.MAX_VALUE;
    if (config.maxSteps() > 0) {
      total = Math.min(total, config.maxSteps());
    }
    long skip = config.resumeAtStep();
    if (skip >= total) {
      return TrainingSummary.failed(
          "cannot continue a run of " + total + " steps at step " + skip, device, startMillis);
    }
    long startEpoch = config.startEpoch() >= 0 ? config.startEpoch() : trainer.epochsCompleted();
    Window window = new Window(config.logEverySteps());
    EmbeddingNormWindow norms = new EmbeddingNormWindow();
    long done = skip;
    long t0 = System.nanoTime();
    long tAfterFirst = t0;
    try {
      for (long e = skip / perEpoch; done < total; e++) {
        long epoch = startEpoch + e;
        int first = (int) (done - e * perEpoch); // > 0 only in the epoch a continued run resumes
        try (EpochImages images = data.epoch(trainer.seed(), epoch)) {
          images.skip((long) first * config.batchSize(), data.imageBytes());
          for (int i = first; i < perEpoch && done < total; i++) {
            Batch batch = batches.next(images, epoch, i);
            double lr = trainer.optimizer().learningRate().rate(trainer.step());
            float loss = trainer.trainStep(batch, norms);
            done++;
            if (done == skip + 1) {
              tAfterFirst = System.nanoTime();
            }
            if (!Float.isFinite(loss)) {
              String msg = "non-finite loss " + loss + " at step " + (trainer.step() - 1);
              LOG.warn("training stopped: {}", msg);
              return summary(
                  trainer,
                  norms,
                  TrainingSummary.Status.NAN,
                  msg,
                  done - skip,
                  perEpoch,
                  window,
                  config,
                  device,
                  startMillis,
                  t0,
                  tAfterFirst);
            }
            if (window.add(loss) || done == total) {
              double rate = imagesPerSecond(done - skip, config.batchSize(), t0, tAfterFirst);
              double eta = rate > 0 ? (total - done) * config.batchSize() / rate : Double.NaN;
              TrainingProgress p =
                  new TrainingProgress(
                      trainer.step(),
                      done,
                      total,
                      (double) done / perEpoch,
                      window.close(),
                      lr,
                      rate,
                      eta);
              LOG.info("{}", p);
              listener.onProgress(p);
            }
          }
        }
        if (done % perEpoch == 0) {
          trainer.markEpochsCompleted(epoch + 1);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("training failed at step {}", trainer.step(), e);
      return summary(
          trainer,
          norms,
          TrainingSummary.Status.FAILED,
          e.toString(),
          done - skip,
          perEpoch,
          window,
          config,
          device,
          startMillis,
          t0,
          tAfterFirst);
    }
    return summary(
        trainer,
        norms,
        TrainingSummary.Status.OK,
        null,
        done - skip,
        perEpoch,
        window,
        config,
        device,
        startMillis,
        t0,
        tAfterFirst);
  }

  /** Throughput after the first step, which also pays for TensorFlow's graph optimisation. */
  private static double imagesPerSecond(long done, int batchSize, long t0, long tAfterFirst) {
    long now = System.nanoTime();
    if (done > 1 && now > tAfterFirst) {
      return (done - 1) * batchSize / ((now - tAfterFirst) / 1e9);
    }
    return now > t0 ? done * batchSize / ((now - t0) / 1e9) : 0;
  }

  private static TrainingSummary summary(
      Trainer trainer,
      EmbeddingNormWindow norms,
      TrainingSummary.Status status,
      String message,
      long done,
      int perEpoch,
      Window window,
      FitConfig config,
      String device,
      long startMillis,
      long t0,
      long tAfterFirst) {
    window.closeIfOpen();
    return new TrainingSummary(
            status,
            message,
            done,
            (double) done / perEpoch,
            window.first,
            window.last,
            imagesPerSecond(done, config.batchSize(), t0, tAfterFirst),
            device,
            startMillis,
            System.currentTimeMillis())
        .withNorms(norms.stats())
        .withLossState(lossState(trainer));
  }

  /** The loss's state at the end, empty when it cannot be read (a failed session). */
  private static java.util.Map<String, Double> lossState(Trainer trainer) {
    try {
      return trainer.lossState();
    } catch (RuntimeException e) {
      LOG.warn("cannot read the loss state at the end of the run", e);
      return java.util.Map.of();
    }
  }

  /** Mean loss over consecutive steps; remembers the first and the last closed window. */
  private static final class Window {
    private final int length;
    private double sum;
    private int count;
    double first = Double.NaN;
    double last = Double.NaN;

    Window(int length) {
      this.length = length;
    }

    /** Adds a loss; true when the window is full. */
    boolean add(float loss) {
      sum += loss;
      count++;
      return count >= length;
    }

    double close() {
      double mean = sum / count;
      if (Double.isNaN(first)) {
        first = mean;
      }
      last = mean;
      sum = 0;
      count = 0;
      return mean;
    }

    void closeIfOpen() {
      if (count > 0) {
        close();
      }
    }
  }
}
