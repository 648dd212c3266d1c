package io.lfsbeam.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file format alone, without TensorFlow. */
class CheckpointIOTest {
  @TempDir Path dir;

  private static Checkpoint sample(long step, float offset) {
    Map<String, Checkpoint.Tensor> tensors = new LinkedHashMap<>();
    float[] big = new float[40_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (float) Math.sin(i) + offset;
    }
    tensors.put("stem/conv/kernel", new Checkpoint.Tensor(new long[] {100, 400}, big));
    tensors.put("scalar", new Checkpoint.Tensor(new long[0], new float[] {Float.NaN}));
    tensors.put("empty", new Checkpoint.Tensor(new long[] {0, 3}, new float[0]));
    return new Checkpoint(step, Map.of("backbone", "tiny", "note", "ünïcode"), tensors);
  }

  @Test
  void roundTripsValuesShapesStepAndMetadata() throws IOException {
    String uri = dir.resolve("a/b/c.ckpt").toString();
    Checkpoint original = sample(42, 0f);
    CheckpointIO.write(original, uri);
    Checkpoint read = CheckpointIO.read(uri);
    assertEquals(42, read.step());
    assertEquals(original.metadata(), read.metadata());
    assertEquals(List.copyOf(original.tensors().keySet()), List.copyOf(read.tensors().keySet()));
    for (String name : original.tensors().keySet()) {
      assertArrayEquals(original.tensor(name).shape(), read.tensor(name).shape());
      assertArrayEquals(original.tensor(name).values(), read.tensor(name).values(), 0f);
    }
  }

  @Test
  void overwritesAtomicallyWithoutLeavingTemporaryFiles() throws IOException {
    String uri = dir.resolve("c.ckpt").toString();
    CheckpointIO.write(sample(1, 0f), uri);
    CheckpointIO.write(sample(2, 1f), uri);
    assertEquals(2, CheckpointIO.read(uri).step());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of("c.ckpt"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
    }
  }

  @Test
  void rejectsDamageAnywhere() throws IOException {
    Path file = dir.resolve("c.ckpt");
    CheckpointIO.write(sample(1, 0f), file.toString());
    byte[] bytes = Files.readAllBytes(file);
    for (int pos : new int[] {3, 20, bytes.length / 2, bytes.length - 40, bytes.length - 1}) {
      byte[] copy = bytes.clone();
      copy[pos] ^= 0x01;
      Files.write(file, copy);
      IOException e =
          assertThrows(
              IOException.class, () -> CheckpointIO.read(file.toString()), "flip at " + pos);
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
    Files.write(file, "not a checkpoint".getBytes());
    assertThrows(IOException.class, () -> CheckpointIO.read(file.toString()));
  }
}
