package io.lfsbeam.preprocess;

import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DeadLetter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;

/**
 * One element of the face-shard join: an accepted face as it left the fused prepare step (its
 * record without the image, and the PNG apart), a dead letter of that step, or the decision made
 * about a face on metadata alone (its labelled record without the image). The image bytes travel
 * only inside {@link Kind#FACE} entries, which go through exactly one grouping, to {@link
 * WriteFaceShards}.
 */
public final class ShardEntry {
  /** What an entry holds. */
  public enum Kind {
    /** A prepared face: record with label -1, split UNASSIGNED and an empty image; the PNG. */
    FACE,
    /** A face the prepare step refused. */
    DEAD,
    /** The labelled record (label, split, image number) of an accepted face, empty image. */
    DECISION
  }

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final Kind kind;
  private final AlignedFace record;
  private final byte[] png;
  private final DeadLetter dead;

  private ShardEntry(Kind kind, AlignedFace record, byte[] png, DeadLetter dead) {
    this.kind = kind;
    this.record = record;
    this.png = png;
    this.dead = dead;
  }

  /** A prepared face; the record's image is left empty, the PNG travels beside it. */
  public static ShardEntry face(AlignedFace withoutImage, byte[] png) {
    return new ShardEntry(
        Kind.FACE, Objects.requireNonNull(withoutImage), Objects.requireNonNull(png), null);
  }

  public static ShardEntry dead(DeadLetter d) {
    return new ShardEntry(Kind.DEAD, null, null, Objects.requireNonNull(d));
  }

  public static ShardEntry decision(AlignedFace labelledWithoutImage) {
    return new ShardEntry(Kind.DECISION, Objects.requireNonNull(labelledWithoutImage), null, null);
  }

  /**
   * A face record split into its record without the image and the PNG (for faces that arrive as
   * whole records, e.g. from a pack); {@code f} is left as it was.
   */
  public static ShardEntry ofAligned(AlignedFace f) {
    ByteBuffer b = f.getImage().duplicate();
    byte[] png = new byte[b.remaining()];
    b.get(png);
    return face(withoutImage(f), png);
  }

  /** A new record with the same fields as {@code f} and an empty image. */
  public static AlignedFace withoutImage(AlignedFace f) {
    AlignedFace copy = PreprocessFaces.shallowCopy(f);
    copy.setImage(EMPTY);
    return copy;
  }

  public Kind kind() {
    return kind;
  }

  /** The record (FACE, DECISION), with an empty image. */
  public AlignedFace record() {
    return record;
  }

  /** The PNG of a FACE entry. */
  public byte[] png() {
    return png;
  }

  public DeadLetter deadLetter() {
    return dead;
  }

  /** The face's id (FACE, DECISION) or the dead letter's record id. */
  public String id() {
    return record != null ? record.getId() : dead.getRecordId();
  }

  /**
   * How many FACE entries (image bytes) this JVM has decoded from their coder: the count a run logs
   * to show how often an image is copied out of Beam's encoding between the prepare step and its
   * shard.
   */
  public static long imageDecodes() {
    return IMAGE_DECODES.get();
  }

  private static final AtomicLong IMAGE_DECODES = new AtomicLong();

  /**
   * Kind byte, then the record (Avro), the PNG (length-prefixed bytes) or the dead letter (Avro): a
   * consumer copies the PNG once and parses only the small record.
   */
  public static final class Coder extends CustomCoder<ShardEntry> {
    private static final Coder INSTANCE = new Coder();
    // Avro's specific reader and writer: AvroCoder.of(Class) goes through Avro's reflection API,
    // which showed in profiles of the prepare step
    private static final AvroCoder<AlignedFace> RECORD = AvroCoder.specific(AlignedFace.class);
    private static final AvroCoder<DeadLetter> DEAD = AvroCoder.specific(DeadLetter.class);
    private static final ByteArrayCoder BYTES = ByteArrayCoder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(ShardEntry e, OutputStream out) throws IOException {
      out.write(e.kind.ordinal());
      switch (e.kind) {
        case FACE -> {
          RECORD.encode(e.record, out);
          BYTES.encode(e.png, out);
        }
        case DECISION -> RECORD.encode(e.record, out);
        case DEAD -> DEAD.encode(e.dead, out);
      }
    }

    @Override
    public ShardEntry decode(InputStream in) throws IOException {
      int k = in.read();
      if (k < 0 || k >= Kind.values().length) {
        throw new CoderException("not a shard entry kind: " + k);
      }
      return switch (Kind.values()[k]) {
        case FACE -> {
          AlignedFace r = RECORD.decode(in);
          byte[] png = BYTES.decode(in);
          IMAGE_DECODES.incrementAndGet();
          yield new ShardEntry(Kind.FACE, r, png, null);
        }
        case DECISION -> new ShardEntry(Kind.DECISION, RECORD.decode(in), null, null);
        case DEAD -> new ShardEntry(Kind.DEAD, null, null, DEAD.decode(in));
      };
    }

    @Override
    public void verifyDeterministic() {}

    @Override
    public boolean equals(Object o) {
      return o instanceof Coder;
    }

    @Override
    public int hashCode() {
      return Coder.class.hashCode();
    }
  }
}
