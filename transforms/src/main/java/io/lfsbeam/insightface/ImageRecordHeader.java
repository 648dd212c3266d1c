package io.lfsbeam.insightface;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;

/**
 * MXNet's image-record header ({@code mx.recordio.IRHeader}, struct {@code <IfQQ}): uint32 flag,
 * float32 label, uint64 id, uint64 id2, 24 bytes little-endian at the start of a payload. When the
 * flag is positive, {@code flag} float32 labels follow and the label field is unused; then come the
 * image bytes (possibly none).
 *
 * <p>In an insightface pack a face has flag 0 and its class as label (or flag ≥ 1 with the class
 * first); record 0 and the identity records have flag 2 and a key range as labels.
 */
public final class ImageRecordHeader {
  /** Bytes of the fixed part. */
  public static final int BYTES = 24;

  private final int flag;
  private final float label;
  private final long id;
  private final long id2;
  private final float[] labels;

  private ImageRecordHeader(int flag, float label, long id, long id2, float[] labels) {
    this.flag = flag;
    this.label = label;
    this.id = id;
    this.id2 = id2;
    this.labels = labels;
  }

  /** A face record's header: flag 0, the class as label. */
  public static ImageRecordHeader face(int classIndex, long id) {
    return new ImageRecordHeader(0, classIndex, id, 0, new float[0]);
  }

  /** A header with a label array (flag = its length, label field 0), as record 0 and identities. */
  public static ImageRecordHeader withLabels(long id, float... labels) {
    if (labels.length == 0) {
      throw new IllegalArgumentException("a label array needs at least one label");
    }
    return new ImageRecordHeader(labels.length, 0f, id, 0, labels.clone());
  }

  /** Parses the header at the start of a payload. */
  public static ImageRecordHeader parse(byte[] payload) throws PackRecordException {
    if (payload.length < BYTES) {
      throw new PackRecordException(
          PackFailure.BAD_HEADER,
          "payload of "
              + payload.length
              + " bytes is shorter than the 24-byte image-record header");
    }
    ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    long flag = Integer.toUnsignedLong(b.getInt(0));
    if (flag > (payload.length - BYTES) / 4) {
      throw new PackRecordException(
          PackFailure.BAD_HEADER,
          "header declares "
              + flag
              + " labels but the payload holds "
              + (payload.length - BYTES)
              + " bytes after the header");
    }
    float[] labels = new float[(int) flag];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = b.getFloat(BYTES + 4 * i);
    }
    return new ImageRecordHeader((int) flag, b.getFloat(4), b.getLong(8), b.getLong(16), labels);
  }

  public int flag() {
    return flag;
  }

  /** The label field (meaningful when {@link #flag()} is 0). */
  public float label() {
    return label;
  }

  public long id() {
    return id;
  }

  public long id2() {
    return id2;
  }

  /** The label array (empty when the flag is 0). */
  public float[] labels() {
    return labels.clone();
  }

  /** Where the image bytes start in the payload. */
  public int imageOffset() {
    return BYTES + 4 * flag;
  }

  /** The class of a face record: the label, or the first of a label array. */
  public int classIndex() throws PackRecordException {
    return wholeNumber(flag == 0 ? label : labels[0], "class label");
  }

  /** {@code labels[i]} as a whole number in [0, 2^31). */
  public int labelAsInt(int i) throws PackRecordException {
    return wholeNumber(labels[i], "label " + i);
  }

  private static int wholeNumber(float v, String what) throws PackRecordException {
    // float32 is exact only up to 2^24; larger keys (Glint360K's record 0) are taken as stored,
    // as insightface's int(label) does
    if (!(v >= 0) || v >= 0x1p31f || v != Math.rint(v)) {
      throw new PackRecordException(
          PackFailure.BAD_LABEL,
          String.format(Locale.ROOT, "%s %s is not a whole number in [0, 2^31)", what, v));
    }
    return (int) v;
  }

  /** The payload for this header followed by {@code image}. */
  public byte[] encode(byte[] image) {
    ByteBuffer b =
        ByteBuffer.allocate(BYTES + 4 * flag + image.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(flag).putFloat(label).putLong(id).putLong(id2);
    for (float l : labels) {
      b.putFloat(l);
    }
    b.put(image);
    return b.array();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageRecordHeader h
        && h.flag == flag
        && Float.compare(h.label, label) == 0
        && h.id == id
        && h.id2 == id2
        && Arrays.equals(h.labels, labels);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id) * 31 + flag;
  }

  @Override
  public String toString() {
    return flag == 0
        ? "IRHeader[flag 0, label " + label + ", id " + id + "]"
        : "IRHeader[flag " + flag + ", labels " + Arrays.toString(labels) + ", id " + id + "]";
  }
}
