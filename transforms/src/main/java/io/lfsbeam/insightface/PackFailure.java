package io.lfsbeam.insightface;

/**
 * Why a record of a pack cannot be read; the names are the dead-letter reason codes. Image-level
 * refusals (an undecodable payload, a face of the wrong size) keep the decoder's and aligner's own
 * codes.
 */
public enum PackFailure {
  /** An .idx line is not {@code <key><TAB><byte offset>} with two non-negative whole numbers. */
  BAD_INDEX_LINE,
  /** An .idx offset lies outside the .rec file (past its end: the file may be truncated). */
  OFFSET_OUTSIDE_FILE,
  /** The bytes at a record's offset are not the RecordIO magic: the offset points at no record. */
  BAD_MAGIC,
  /** A record's declared length runs past the end of the .rec file: the file is truncated. */
  TRUNCATED,
  /**
   * Continuation parts out of order (a record starting with a middle or last part, or a whole one
   * inside a split record).
   */
  BAD_CONTINUATION,
  /** A record larger than any face image could be (a corrupted length chain). */
  RECORD_TOO_LARGE,
  /** The payload is shorter than the 24-byte image-record header plus the labels it declares. */
  BAD_HEADER,
  /** The class label is not a whole number in [0, 2^31). */
  BAD_LABEL,
  /** {@code --classNames} names no identity for this record's class. */
  UNNAMED_CLASS,
  /**
   * An .idx key that record 0 does not declare: neither a face (1..N) nor an identity record
   * (N+1..N+C).
   */
  UNDECLARED_KEY,
  /** A face key record 0 declares (1..N) that has no .idx line: the index is truncated or cut. */
  MISSING_FROM_INDEX;

  /** The code written to dead letters (the enum name). */
  public String code() {
    return name();
  }
}
