package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardBlocksTest {
  @TempDir Path dir;

  private static InMemoryTrainingData noise(int n, int side) {
    SplittableRandom r = new SplittableRandom(3);
    byte[][] px = new byte[n][side * side * 3];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      r.nextBytes(px[i]); // noise does not compress: ~5 KB PNGs, several blocks per file
      labels[i] = i;
    }
    return new InMemoryTrainingData(side, side, n, px, labels);
  }

  /** Every record of the shard through its blocks, decoded by Avro's reader block by block. */
  private static List<String> ids(String shard, int[] blockCount) throws IOException {
    List<String> ids = new ArrayList<>();
    try (ShardBlocks blocks = ShardBlocks.open(shard)) {
      ShardBlocks.Block b;
      while ((b = blocks.next()) != null) {
        blockCount[0]++;
        int inBlock = 0;
        try (DataFileReader<AlignedFace> records =
            b.records(new SpecificDatumReader<>(AlignedFace.class))) {
          for (AlignedFace f : records) {
            ids.add(f.getId().toString());
            inBlock++;
          }
        }
        assertEquals(b.count(), inBlock, "block " + b.index() + " holds what it declares");
      }
      assertNull(blocks.next(), "stays at the end");
    }
    return ids;
  }

  @Test
  void theBlocksOfADeflateShardHoldItsRecordsInFileOrder() throws IOException {
    String shard = FaceShards.write(dir, noise(60, 40), 1).get(0);
    int[] blocks = {0};
    List<String> expected =
        AvroFiles.read(shard, AlignedFace.class).stream().map(f -> f.getId().toString()).toList();
    assertEquals(expected, ids(shard, blocks));
    assertTrue(blocks[0] > 2, "several blocks: " + blocks[0]);
  }

  @Test
  void aFileCutInsideABlockOrWithABrokenMarkerIsRefusedWithItsName() throws IOException {
    String shard = FaceShards.write(dir, noise(60, 40), 1).get(0);
    Path file = Path.of(shard);
    byte[] bytes = Files.readAllBytes(file);
    for (int length : new int[] {3, 100, bytes.length / 2, bytes.length - 17, bytes.length - 1}) {
      Files.write(file, Arrays.copyOf(bytes, length));
      IOException e = assertThrows(IOException.class, () -> ids(shard, new int[1]), "" + length);
      assertTrue(e.getMessage().contains(shard), e.getMessage());
    }
    byte[] broken = bytes.clone();
    broken[broken.length - 1] ^= 1; // the last block's sync marker
    Files.write(file, broken);
    IOException e = assertThrows(IOException.class, () -> ids(shard, new int[1]));
    assertTrue(e.getMessage().contains(shard) && e.getMessage().contains("sync"), e.getMessage());
  }
}
