package io.lfsbeam.insightface;

import java.io.Serializable;

/**
 * Which keys of a pack are faces, as record 0 says. Record 0 with a label array (flag 2 in
 * insightface packs: {@code [N+1, N+1+C]}) makes keys 1..N faces and N+1..N+C identity records;
 * record 0 with flag 0 (or no key 0 at all) makes every key in the .idx a face, as arcface_torch's
 * {@code MXFaceDataset} reads it.
 */
public final class PackLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long faceEnd;
  private final long identityEnd;

  private PackLayout(long faceEnd, long identityEnd) {
    this.faceEnd = faceEnd;
    this.identityEnd = identityEnd;
  }

  /** Every key is a face. */
  public static PackLayout everyKey() {
    return new PackLayout(-1, -1);
  }

  /** Faces are keys 1..faces, identity records the next {@code identities} keys. */
  public static PackLayout withHeader(long faces, long identities) {
    if (faces < 0 || identities < 0) {
      throw new IllegalArgumentException("negative counts " + faces + ", " + identities);
    }
    return new PackLayout(faces + 1, faces + 1 + identities);
  }

  /** The layout record 0's header declares. */
  public static PackLayout fromRecordZero(ImageRecordHeader h) throws PackRecordException {
    if (h.flag() == 0) {
      return everyKey();
    }
    long faceEnd = h.labelAsInt(0);
    long identityEnd = h.flag() >= 2 ? h.labelAsInt(1) : faceEnd;
    if (faceEnd < 1 || identityEnd < faceEnd) {
      throw new PackRecordException(
          PackFailure.BAD_LABEL,
          "record 0 declares faces up to key "
              + faceEnd
              + " and identities up to key "
              + identityEnd
              + ", not [N+1, N+1+C]");
    }
    return new PackLayout(faceEnd, identityEnd);
  }

  /** Whether record 0 is a header (else it is a face like every other key). */
  public boolean hasHeader() {
    return faceEnd >= 0;
  }

  public boolean isFace(long key) {
    return faceEnd < 0 || (key >= 1 && key < faceEnd);
  }

  /**
   * Whether record 0 accounts for {@code key}: itself, a face or an identity record (every key when
   * there is no header).
   */
  public boolean isDeclared(long key) {
    return faceEnd < 0 || (key >= 0 && key < identityEnd);
  }

  /** Faces record 0 declares (N), or -1 when every key is a face. */
  public long declaredFaces() {
    return faceEnd < 0 ? -1 : faceEnd - 1;
  }

  /** Identity records record 0 declares (C), or -1 when every key is a face. */
  public long declaredIdentities() {
    return faceEnd < 0 ? -1 : identityEnd - faceEnd;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PackLayout l && l.faceEnd == faceEnd && l.identityEnd == identityEnd;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(faceEnd) * 31 + Long.hashCode(identityEnd);
  }

  @Override
  public String toString() {
    return hasHeader()
        ? "faces 1.." + declaredFaces() + ", " + declaredIdentities() + " identity records"
        : "every key a face";
  }
}
