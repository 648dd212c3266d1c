package io.lfsbeam.insightface;

import io.lfsbeam.evaluate.VerificationSet;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.VerificationPair;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes verification pairs of a preprocess output as an insightface verification .bin, so pairs
 * prepared on Beam evaluate in arcface_torch ({@code verification.py}) like lfw.bin does.
 *
 * <p>The pairs are {@code pairs/<split>.avro} (given as {@code val} or {@code test}) or any {@link
 * VerificationPair} Avro file; their faces are read from {@code faces/*.avro} (only the faces a
 * pair names are kept in memory, as PNGs) and stored as they are: PNG is lossless and insightface's
 * readers decode it like JPEG. Pairs go in fold order so the 10 consecutive blocks insightface
 * evaluates are the pairs' own folds ({@link BinFaces#toBin}).
 */
public final class BinExport {
  private static final Logger LOG = LoggerFactory.getLogger(BinExport.class);

  private BinExport() {}

  /** What was written. */
  public record Result(String file, int pairs, int matched, int faces) {}

  /**
   * @param dataDir a preprocess output (any Beam filesystem)
   * @param pairs {@code val}, {@code test}, or the path of a VerificationPair Avro file
   * @param outputFile the .bin to write (replaced if present)
   * @throws IllegalArgumentException when the pairs name faces that are not in the data, there are
   *     no pairs, or their folds are not the blocks insightface would cut
   */
  public static Result run(
      String dataDir, String pairs, String outputFile, VerificationBinWriter.Flavour flavour)
      throws IOException {
    String pairsFile = pairsFile(dataDir, pairs);
    List<VerificationPair> list = AvroFiles.read(pairsFile, VerificationPair.class);
    if (list.isEmpty()) {
      throw new IllegalArgumentException(pairsFile + " holds no pairs");
    }
    Set<String> named = new HashSet<>();
    for (VerificationPair p : list) {
      named.add(p.getLeftId().toString());
      named.add(p.getRightId().toString());
    }
    List<AlignedFace> faces = new ArrayList<>();
    for (String shard : AvroFiles.match(dataDir + "/faces/*.avro")) {
      for (AlignedFace f : AvroFiles.read(shard, AlignedFace.class)) {
        if (named.contains(f.getId().toString())) {
          faces.add(f);
        }
      }
    }
    VerificationSet set = VerificationSet.of(BinFaces.setName(outputFile), faces, list);
    VerificationBin bin = BinFaces.toBin(set);
    VerificationBinWriter.write(bin, outputFile, flavour);
    LOG.info(
        String.format(
            Locale.ROOT,
            "exported %d pairs (%d matched) over %d faces of %s to %s (%s pickle)",
            bin.pairs(),
            bin.matched(),
            faces.size(),
            pairsFile,
            outputFile,
            flavour));
    return new Result(outputFile, bin.pairs(), bin.matched(), faces.size());
  }

  /** {@code val}/{@code test} → {@code <data>/pairs/<split>.avro}; anything else is a path. */
  static String pairsFile(String dataDir, String pairs) {
    String p = pairs.strip();
    String lower = p.toLowerCase(Locale.ROOT);
    return lower.equals("val") || lower.equals("test") ? dataDir + "/pairs/" + lower + ".avro" : p;
  }
}
