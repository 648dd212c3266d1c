package io.lfsbeam.insightface;

import java.util.Arrays;
import java.util.Objects;

/**
 * One face record of a pack as {@link RecordIoSource} reads it: its key, where it is, and either
 * its payload (header, labels, image) or why it could not be read. Index lines that cannot be
 * parsed are records too (key −1), so every line of the .idx that should name a face is accounted
 * for.
 */
public final class PackRecord {
  private final long key;
  private final long offset;
  private final long indexOffset;
  private final byte[] payload;
  private final PackFailure failure;
  private final String message;

  private PackRecord(
      long key,
      long offset,
      long indexOffset,
      byte[] payload,
      PackFailure failure,
      String message) {
    this.key = key;
    this.offset = offset;
    this.indexOffset = indexOffset;
    this.payload = payload;
    this.failure = failure;
    this.message = message;
  }

  public static PackRecord read(long key, long offset, long indexOffset, byte[] payload) {
    return new PackRecord(key, offset, indexOffset, Objects.requireNonNull(payload), null, null);
  }

  public static PackRecord failed(
      long key, long offset, long indexOffset, PackFailure failure, String message) {
    return new PackRecord(key, offset, indexOffset, null, Objects.requireNonNull(failure), message);
  }

  /** The record key, or −1 when its .idx line could not be parsed. */
  public long key() {
    return key;
  }

  /** Byte offset of the record in the .rec file, or −1 when unknown. */
  public long offset() {
    return offset;
  }

  /** Byte offset of the record's line in the .idx file. */
  public long indexOffset() {
    return indexOffset;
  }

  public boolean isRead() {
    return failure == null;
  }

  /** The payload. @throws IllegalStateException when the record could not be read */
  public byte[] payload() {
    if (payload == null) {
      throw new IllegalStateException("record " + source() + " was not read: " + message);
    }
    return payload;
  }

  /** Why the record could not be read, or null. */
  public PackFailure failure() {
    return failure;
  }

  public String message() {
    return message;
  }

  /** The record's name for outputs: its key, or its .idx line's byte offset when it has none. */
  public String source() {
    return key >= 0 ? Long.toString(key) : RecordIoFile.IDX + "@" + indexOffset;
  }

  /** The face in the payload. */
  public PackedFace face() throws PackRecordException {
    return PackedFace.parse(key, offset, payload());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PackRecord r
        && r.key == key
        && r.offset == offset
        && r.indexOffset == indexOffset
        && Arrays.equals(r.payload, payload)
        && r.failure == failure
        && Objects.equals(r.message, message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, offset, indexOffset, failure);
  }

  @Override
  public String toString() {
    return "PackRecord["
        + source()
        + " @"
        + offset
        + (failure == null
            ? ", " + payload.length + " bytes]"
            : ", " + failure + ": " + message + "]");
  }
}
