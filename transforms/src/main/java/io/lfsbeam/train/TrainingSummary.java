package io.lfsbeam.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Outcome of a training run. Never thrown: a non-finite loss ends the run with {@link Status#NAN},
 * an error (including a crashed child process) with {@link Status#FAILED} and a message. Losses are
 * means over the first and the last logging window; NaN when no step ran.
 */
public final class TrainingSummary {
  public enum Status {
    OK,
    NAN,
    FAILED
  }

  /** Prefix of the loss-state entries in {@link #toProperties}. */
  private static final String LOSS_STATE = "lossState.";

  private final Status status;
  private final String message;
  private final long steps;
  private final double epochs;
  private final double firstLoss;
  private final double finalLoss;
  private final double imagesPerSecond;
  private final String device;
  private final long startMillis;
  private final long endMillis;
  private final EmbeddingNormWindow.Stats norms;
  private final Map<String, Double> lossState;

  public TrainingSummary(
      Status status,
      String message,
      long steps,
      double epochs,
      double firstLoss,
      double finalLoss,
      double imagesPerSecond,
      String device,
      long startMillis,
      long endMillis) {
    this(
        status,
        message,
        steps,
        epochs,
        firstLoss,
        finalLoss,
        imagesPerSecond,
        device,
        startMillis,
        endMillis,
        null,
        Map.of());
  }

  private TrainingSummary(
      Status status,
      String message,
      long steps,
      double epochs,
      double firstLoss,
      double finalLoss,
      double imagesPerSecond,
      String device,
      long startMillis,
      long endMillis,
      EmbeddingNormWindow.Stats norms,
      Map<String, Double> lossState) {
    this.status = status;
    this.message = message;
    this.steps = steps;
    this.epochs = epochs;
    this.firstLoss = firstLoss;
    this.finalLoss = finalLoss;
    this.imagesPerSecond = imagesPerSecond;
    this.device = device;
    this.startMillis = startMillis;
    this.endMillis = endMillis;
    this.norms = norms;
    this.lossState = Collections.unmodifiableMap(new LinkedHashMap<>(lossState));
  }

  /** This summary with the run's embedding norms (null: not measured). */
  public TrainingSummary withNorms(EmbeddingNormWindow.Stats norms) {
    return new TrainingSummary(
        status,
        message,
        steps,
        epochs,
        firstLoss,
        finalLoss,
        imagesPerSecond,
        device,
        startMillis,
        endMillis,
        norms,
        lossState);
  }

  /** This summary with the loss's running state at the end of the run. */
  public TrainingSummary withLossState(Map<String, Double> lossState) {
    return new TrainingSummary(
        status,
        message,
        steps,
        epochs,
        firstLoss,
        finalLoss,
        imagesPerSecond,
        device,
        startMillis,
        endMillis,
        norms,
        lossState);
  }

  /** This summary with other wall-clock bounds (a child JVM's run seen from the parent). */
  public TrainingSummary withTimes(long startMillis, long endMillis) {
    return new TrainingSummary(
        status,
        message,
        steps,
        epochs,
        firstLoss,
        finalLoss,
        imagesPerSecond,
        device,
        startMillis,
        endMillis,
        norms,
        lossState);
  }

  /** A run that failed before or without training. */
  public static TrainingSummary failed(String message, String device, long startMillis) {
    return new TrainingSummary(
        Status.FAILED,
        message,
        0,
        0,
        Double.NaN,
        Double.NaN,
        0,
        device,
        startMillis,
        System.currentTimeMillis());
  }

  public Status status() {
    return status;
  }

  /** Null when OK. */
  public String message() {
    return message;
  }

  public long steps() {
    return steps;
  }

  public double epochs() {
    return epochs;
  }

  public double firstLoss() {
    return firstLoss;
  }

  public double finalLoss() {
    return finalLoss;
  }

  public double imagesPerSecond() {
    return imagesPerSecond;
  }

  public String device() {
    return device;
  }

  public long startMillis() {
    return startMillis;
  }

  public long endMillis() {
    return endMillis;
  }

  public long wallMillis() {
    return endMillis - startMillis;
  }

  /**
   * The embedding norms of the run's last training images ({@link EmbeddingNormWindow}), null when
   * no step ran.
   */
  public EmbeddingNormWindow.Stats norms() {
    return norms;
  }

  /** The loss's running state at the end of the run by name, empty for a stateless loss. */
  public Map<String, Double> lossState() {
    return lossState;
  }

  /** Text form used between a parent and a child process. */
  public Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("status", status.name());
    if (message != null) {
      p.setProperty("message", message);
    }
    p.setProperty("steps", Long.toString(steps));
    p.setProperty("epochs", Double.toString(epochs));
    p.setProperty("firstLoss", Double.toString(firstLoss));
    p.setProperty("finalLoss", Double.toString(finalLoss));
    p.setProperty("imagesPerSecond", Double.toString(imagesPerSecond));
    p.setProperty("device", device);
    p.setProperty("startMillis", Long.toString(startMillis));
    p.setProperty("endMillis", Long.toString(endMillis));
    if (norms != null) {
      p.setProperty("normMin", Double.toString(norms.min()));
      p.setProperty("normMedian", Double.toString(norms.median()));
      p.setProperty("normMax", Double.toString(norms.max()));
      p.setProperty("normCount", Integer.toString(norms.count()));
    }
    lossState.forEach((k, v) -> p.setProperty(LOSS_STATE + k, Double.toString(v)));
    return p;
  }

  public static TrainingSummary fromProperties(Properties p) {
    EmbeddingNormWindow.Stats norms =
        p.getProperty("normCount") == null
            ? null
            : new EmbeddingNormWindow.Stats(
                Double.parseDouble(p.getProperty("normMin")),
                Double.parseDouble(p.getProperty("normMedian")),
                Double.parseDouble(p.getProperty("normMax")),
                Integer.parseInt(p.getProperty("normCount")));
    Map<String, Double> state = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith(LOSS_STATE)) {
        state.put(key.substring(LOSS_STATE.length()), Double.parseDouble(p.getProperty(key)));
      }
    }
    return new TrainingSummary(
        Status.valueOf(p.getProperty("status")),
        p.getProperty("message"),
        Long.parseLong(p.getProperty("steps", "0")),
        Double.parseDouble(p.getProperty("epochs", "0")),
        Double.parseDouble(p.getProperty("firstLoss", "NaN")),
        Double.parseDouble(p.getProperty("finalLoss", "NaN")),
        Double.parseDouble(p.getProperty("imagesPerSecond", "0")),
        p.getProperty("device", "?"),
        Long.parseLong(p.getProperty("startMillis", "0")),
        Long.parseLong(p.getProperty("endMillis", "0")),
        norms,
        state);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s%s: %d steps, %.2f epochs, loss %.4f -> %.4f, %.1f img/s on %s, %d ms",
        status,
        message == null ? "" : " (" + message + ")",
        steps,
        epochs,
        firstLoss,
        finalLoss,
        imagesPerSecond,
        device,
        wallMillis());
  }
}
