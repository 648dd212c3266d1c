package io.lfsbeam.search.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.train.FaceShards;
import io.lfsbeam.train.InMemoryTrainingData;
import io.lfsbeam.train.StreamedTrainingData;
import io.lfsbeam.train.TrainingSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which train split SearchData builds for --trainData=auto|memory|stream. */
class SearchDataTrainSplitTest {
  @TempDir Path dir;

  /** 20 faces of 4×4: 960 decoded bytes. */
  private String preprocessOutput() throws IOException {
    Files.createDirectories(dir.resolve("faces"));
    byte[][] pixels = new byte[20][48];
    int[] labels = new int[20];
    for (int i = 0; i < 20; i++) {
      pixels[i][0] = (byte) i;
      labels[i] = i % 4;
    }
    FaceShards.write(dir.resolve("faces"), new InMemoryTrainingData(4, 4, 4, pixels, labels), 2);
    return dir.toString();
  }

  private static TrainingSource split(String data, TrainSettings.TrainData mode, long maxHeap)
      throws IOException {
    return SearchData.trainSplit(data, mode, 8, 1, maxHeap);
  }

  @Test
  void autoStreamsOnlyWhenTheDecodedSplitExceedsHalfTheHeap() throws IOException {
    String data = preprocessOutput();
    assertInstanceOf(
        InMemoryTrainingData.class,
        split(data, TrainSettings.TrainData.AUTO, 1920),
        "960 B of 1920: half");
    TrainingSource streamed = split(data, TrainSettings.TrainData.AUTO, 1919);
    assertInstanceOf(StreamedTrainingData.class, streamed, "960 B is over half of 1919");
    assertEquals(8, ((StreamedTrainingData) streamed).shuffleBuffer());
    assertEquals(20, streamed.size());
    assertEquals(4, streamed.numClasses());
    assertInstanceOf(
        InMemoryTrainingData.class,
        split(data, TrainSettings.TrainData.MEMORY, 1),
        "memory is memory");
    assertInstanceOf(
        StreamedTrainingData.class, split(data, TrainSettings.TrainData.STREAM, Long.MAX_VALUE));
  }

  @Test
  void onlyAnInMemorySplitWritesADecodedCopyForChildren() throws IOException {
    String data = preprocessOutput();
    SearchData streamed =
        SearchData.load(
            data, TrainSettings.builder().trainData(TrainSettings.TrainData.STREAM).build());
    assertTrue(streamed.streamed());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> streamed.trainArrayFile(dir.resolve("cache").toString()));
    assertTrue(e.getMessage().contains("stream its shards"), e.getMessage());

    SearchData memory =
        SearchData.load(
            data, TrainSettings.builder().trainData(TrainSettings.TrainData.MEMORY).build());
    assertFalse(memory.streamed());
    assertTrue(Files.exists(Path.of(memory.trainArrayFile(dir.resolve("cache").toString()))));
  }

  @Test
  void noShardsIsAClearError() {
    IOException e =
        assertThrows(
            IOException.class, () -> split(dir.toString(), TrainSettings.TrainData.AUTO, 1 << 30));
    assertTrue(e.getMessage().contains("no training faces"), e.getMessage());
  }
}
