package io.lfsbeam.insightface;

import java.util.Arrays;

/**
 * One face of a pack: its record key, the byte offset of its record, its class and its image bytes
 * (JPEG or PNG, as stored).
 */
public record PackedFace(long key, long offset, int classIndex, byte[] image) {
  /**
   * The face in a record's payload: the class from the header (label, or the first of a label
   * array), the image after the header and labels.
   */
  public static PackedFace parse(long key, long offset, byte[] payload) throws PackRecordException {
    ImageRecordHeader h = ImageRecordHeader.parse(payload);
    int classIndex = h.classIndex();
    return new PackedFace(
        key, offset, classIndex, Arrays.copyOfRange(payload, h.imageOffset(), payload.length));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PackedFace f
        && f.key == key
        && f.offset == offset
        && f.classIndex == classIndex
        && Arrays.equals(f.image, image);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(key) * 31 + classIndex;
  }

  @Override
  public String toString() {
    return "PackedFace[key " + key + ", class " + classIndex + ", " + image.length + " bytes]";
  }
}
