package io.lfsbeam.preprocess;

import io.lfsbeam.schemas.DeadLetter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Makes dead letters and counts them per reason (a Beam counter each, visible in Flink's REST API).
 */
public final class DeadLetters {
  public static final String NAMESPACE = "lfs.deadletter";

  private DeadLetters() {}

  public static DeadLetter of(
      String source, String stage, String reason, String message, String recordId) {
    Metrics.counter(NAMESPACE, reason).inc();
    return DeadLetter.newBuilder()
        .setSource(source)
        .setStage(stage)
        .setReason(reason)
        .setMessage(message == null ? "" : message)
        .setRecordId(recordId)
        .build();
  }
}
