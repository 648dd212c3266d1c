package io.lfsbeam.preprocess;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Counts about the input that are not input records, summed per name into the manifest's {@code
 * notes}: how the landmark file's lines were used, and what a pack's record 0 declares against what
 * its index holds. Emitted as {@code KV(name, count)} pieces by the steps that see them.
 */
public final class InputNotes {
  /** Landmark lines that are not blank or comments; the five kinds below add up to it. */
  public static final String LANDMARK_LINES = "landmarkLines";

  /** Lines whose landmarks a listed image got. */
  public static final String LANDMARK_LINES_MATCHED = "landmarkLinesMatched";

  /** Lines with missing or extra fields, or a field that is not a number. */
  public static final String LANDMARK_LINES_MALFORMED = "landmarkLinesMalformed";

  /** Lines with a NaN or infinite coordinate. */
  public static final String LANDMARK_LINES_NON_FINITE = "landmarkLinesNonFinite";

  /** Well-formed lines that name no listed image. */
  public static final String LANDMARK_LINES_UNMATCHED = "landmarkLinesUnmatched";

  /** Well-formed lines for an image that an earlier line (in path order) already gave landmarks. */
  public static final String LANDMARK_LINES_REPEATED = "landmarkLinesRepeated";

  /** Faces a pack's record 0 declares (keys 1..N); absent when it declares none. */
  public static final String PACK_DECLARED_FACES = "packDeclaredFaces";

  /** Distinct declared face keys that train.idx has a line for. */
  public static final String PACK_INDEXED_FACES = "packIndexedFaces";

  /** Declared face keys with no train.idx line (each a dead letter MISSING_FROM_INDEX). */
  public static final String PACK_MISSING_FROM_INDEX = "packMissingFromIndex";

  private InputNotes() {}

  public static Coder<KV<String, Long>> coder() {
    return KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());
  }

  /** No notes (an input kind that has none to give). */
  public static PCollection<KV<String, Long>> none(Pipeline p, String name) {
    return p.apply(name, Create.empty(coder()));
  }
}
