package io.lfsbeam.train;

import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The {@link AlignedFace} records of one split, shard after shard in the given order, through
 * Beam's FileSystems (so gs://, s3:// and hdfs:// shards stream like local ones). At most one shard
 * is open and one record is reused, so memory does not grow with the shard count or size. Every
 * read error names the shard it came from (see {@link ShardStream}).
 */
final class FaceShardReader implements AutoCloseable {
  private final List<String> shards;
  private final Split split;
  private int nextShard;
  private String current;
  private ShardStream<AlignedFace> stream;
  private AlignedFace reuse;

  /**
   * @param split only records of this split; null for all
   */
  FaceShardReader(List<String> shards, Split split) {
    this.shards = List.copyOf(shards);
    this.split = split;
  }

  /** The shard the last record came from. */
  String currentShard() {
    return current;
  }

  /** The next record of the split (reused by the following call), or null after the last shard. */
  AlignedFace next() {
    try {
      while (true) {
        if (stream == null) {
          if (nextShard >= shards.size()) {
            return null;
          }
          current = shards.get(nextShard++);
          stream = ShardStream.open(current, new SpecificDatumReader<>(AlignedFace.class));
        }
        if (!stream.hasNext()) {
          closeStream();
          continue;
        }
        reuse = stream.next(reuse);
        if (split == null || reuse.getSplit() == split) {
          return reuse;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void closeStream() throws IOException {
    ShardStream<AlignedFace> s = stream;
    stream = null;
    s.close();
  }

  @Override
  public void close() {
    if (stream != null) {
      try {
        closeStream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
