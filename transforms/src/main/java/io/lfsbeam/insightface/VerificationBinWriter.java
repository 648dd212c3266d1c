package io.lfsbeam.insightface;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.lfsbeam.io.AtomicFile;
import io.lfsbeam.options.Choice;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link VerificationBin} as the pickle Python itself would write for {@code
 * pickle.dump((bins, issame), f, protocol)}: lists filled in batches of 1,000 ({@code MARK …
 * APPENDS}, a lone last item by {@code APPEND}), each image memoised so an image shared by several
 * pairs is written once and referenced after ({@code BINGET}), booleans as {@code NEWTRUE}/{@code
 * NEWFALSE}.
 *
 * <p>{@link Flavour#PYTHON3} (the default) is protocol 3 with {@code BINBYTES}: Python 3's plain
 * {@code pickle.load} reads it, and so does arcface_torch's {@code pickle.load(f,
 * encoding='bytes')}. {@link Flavour#PYTHON2} is protocol 2 with {@code BINSTRING}, the form of the
 * published lfw.bin, for Python 2 readers (Python 3 needs {@code encoding='bytes'} for it).
 */
public final class VerificationBinWriter {
  /** Which pickle form to write ({@code --pickle=python3|python2} of {@code lfs export}). */
  public enum Flavour implements Choice {
    /** Protocol 3, images as BINBYTES / SHORT_BINBYTES. */
    PYTHON3,
    /** Protocol 2, images as BINSTRING / SHORT_BINSTRING (the published sets' form). */
    PYTHON2;

    @JsonCreator
    public static Flavour parse(String text) {
      return Choice.parse(Flavour.class, text);
    }
  }

  /** Python's batch size for list appends (pickle.py {@code _BATCHSIZE}). */
  static final int BATCH = 1000;

  private final OutputStream out;
  private final Flavour flavour;
  private final Map<Object, Integer> memo = new IdentityHashMap<>();

  private VerificationBinWriter(OutputStream out, Flavour flavour) {
    this.out = out;
    this.flavour = flavour;
  }

  /** Writes {@code bin} to {@code out} (not closed). */
  public static void write(VerificationBin bin, OutputStream out, Flavour flavour)
      throws IOException {
    new VerificationBinWriter(out, flavour).tuple(bin);
  }

  /**
   * Writes {@code bin} to a file on any Beam filesystem, under a temporary name first so a reader
   * never sees a partial file.
   */
  public static void write(VerificationBin bin, String uri, Flavour flavour) throws IOException {
    AtomicFile.write(
        uri,
        out -> {
          BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
          write(bin, buffered, flavour);
          buffered.flush();
        });
  }

  private void tuple(VerificationBin bin) throws IOException {
    out.write(PickleOpcode.PROTO.code);
    out.write(flavour == Flavour.PYTHON3 ? 3 : 2);
    List<byte[]> images = bin.images();
    emptyList();
    for (int from = 0; from < images.size(); from += BATCH) {
      int to = Math.min(images.size(), from + BATCH);
      if (to - from > 1) {
        out.write(PickleOpcode.MARK.code);
      }
      for (int i = from; i < to; i++) {
        image(images.get(i));
      }
      out.write(to - from > 1 ? PickleOpcode.APPENDS.code : PickleOpcode.APPEND.code);
    }
    boolean[] same = bin.issame();
    emptyList();
    for (int from = 0; from < same.length; from += BATCH) {
      int to = Math.min(same.length, from + BATCH);
      if (to - from > 1) {
        out.write(PickleOpcode.MARK.code);
      }
      for (int k = from; k < to; k++) {
        out.write(same[k] ? PickleOpcode.NEWTRUE.code : PickleOpcode.NEWFALSE.code);
      }
      out.write(to - from > 1 ? PickleOpcode.APPENDS.code : PickleOpcode.APPEND.code);
    }
    out.write(PickleOpcode.TUPLE2.code);
    put(new Object());
    out.write(PickleOpcode.STOP.code);
    out.flush();
  }

  private void emptyList() throws IOException {
    out.write(PickleOpcode.EMPTY_LIST.code);
    put(new Object());
  }

  private void image(byte[] bytes) throws IOException {
    Integer seen = memo.get(bytes);
    if (seen != null) {
      if (seen < 256) {
        out.write(PickleOpcode.BINGET.code);
        out.write(seen);
      } else {
        out.write(PickleOpcode.LONG_BINGET.code);
        int32(seen);
      }
      return;
    }
    boolean py3 = flavour == Flavour.PYTHON3;
    if (bytes.length < 256) {
      out.write(py3 ? PickleOpcode.SHORT_BINBYTES.code : PickleOpcode.SHORT_BINSTRING.code);
      out.write(bytes.length);
    } else {
      out.write(py3 ? PickleOpcode.BINBYTES.code : PickleOpcode.BINSTRING.code);
      int32(bytes.length);
    }
    out.write(bytes);
    put(bytes);
  }

  /** Stores the value just written in the memo, as Python's pickler does for every object. */
  private void put(Object value) throws IOException {
    int index = memo.size();
    memo.put(value, index);
    if (index < 256) {
      out.write(PickleOpcode.BINPUT.code);
      out.write(index);
    } else {
      out.write(PickleOpcode.LONG_BINPUT.code);
      int32(index);
    }
  }

  private void int32(int v) throws IOException {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }
}
