package io.lfsbeam.insightface;

/**
 * The RecordIO framing of MXNet / dmlc-core, as insightface packs use it. Each record part is
 *
 * <pre>
 *   uint32 LE magic 0xced7230a
 *   uint32 LE lrec: low 29 bits = part length, high 3 bits = continuation flag
 *   part bytes, zero-padded to a multiple of 4
 * </pre>
 *
 * A writer splits a record wherever its payload holds the magic at a 4-byte-aligned position (the
 * magic itself is dropped and restored by the reader between parts), so the magic at an aligned
 * file position always starts a record part. Flags: 0 a whole record, 1 the first part, 2 a middle
 * part, 3 the last part.
 */
public final class RecordIoFile {
  /** The magic word before every record part. */
  public static final int MAGIC = 0xced7230a;

  /** Bytes of a part header (magic + lrec). */
  public static final int HEADER_BYTES = 8;

  /** The largest length a part header can express (29 bits). */
  public static final int MAX_PART_LENGTH = (1 << 29) - 1;

  public static final int WHOLE = 0;
  public static final int FIRST = 1;
  public static final int MIDDLE = 2;
  public static final int LAST = 3;

  /** The .rec, .idx and property file names of an insightface pack. */
  public static final String REC = "train.rec";

  public static final String IDX = "train.idx";
  public static final String PROPERTY = "property";

  private RecordIoFile() {}

  public static int lrec(int flag, int length) {
    if (flag < 0 || flag > 7 || length < 0 || length > MAX_PART_LENGTH) {
      throw new IllegalArgumentException("no lrec for flag " + flag + ", length " + length);
    }
    return (flag << 29) | length;
  }

  public static int flag(int lrec) {
    return lrec >>> 29;
  }

  public static int length(int lrec) {
    return lrec & MAX_PART_LENGTH;
  }

  /** The length rounded up to a multiple of 4 (the padding after a part). */
  public static long padded(long length) {
    return (length + 3) & ~3L;
  }
}
