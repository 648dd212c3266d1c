package io.lfsbeam.train;

/**
 * Receives {@link TrainingProgress} reports during {@link Trainer#fit}; called on the training
 * thread.
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = p -> {};

  void onProgress(TrainingProgress progress);
}
