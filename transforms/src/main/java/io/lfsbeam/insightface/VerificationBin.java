package io.lfsbeam.insightface;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * An insightface verification set ({@code lfw.bin}, {@code cfp_fp.bin}, {@code agedb_30.bin}, …):
 * the pickled 2-tuple {@code (bins, issame)} with {@code bins} = 2·P encoded images (pair k is
 * {@code bins[2k]}, {@code bins[2k+1]}) and {@code issame} = P booleans.
 *
 * <p>Pairs keep the file's order, and the folds are insightface's: {@link #FOLDS} consecutive
 * blocks as scikit-learn's unshuffled {@code KFold} cuts them (the first P mod 10 folds one pair
 * larger), which is how {@code verification.py} evaluates the published sets.
 *
 * <p>Read with {@link RestrictedUnpickler} (both the Python 2 BINSTRING form of the published files
 * and Python 3's BINBYTES form; nothing in a file can make it run code), written with {@link
 * VerificationBinWriter}. Images are kept as the encoded bytes the file holds; an image that
 * several pairs share through the pickle memo is one array.
 */
public final class VerificationBin {
  /** Folds of insightface's verification protocol. */
  public static final int FOLDS = 10;

  private final List<byte[]> images;
  private final boolean[] issame;

  private VerificationBin(List<byte[]> images, boolean[] issame) {
    this.images = Collections.unmodifiableList(new ArrayList<>(images));
    this.issame = issame.clone();
  }

  /**
   * @param images 2·P encoded images (JPEG or PNG), pair k = images 2k and 2k+1
   * @param issame P flags
   * @throws IllegalArgumentException when the counts do not match or an image is empty
   */
  public static VerificationBin of(List<byte[]> images, boolean[] issame) {
    if (images.size() != 2 * issame.length) {
      throw new IllegalArgumentException(
          images.size() + " images do not make the " + issame.length + " pairs of issame");
    }
    for (int i = 0; i < images.size(); i++) {
      if (images.get(i) == null || images.get(i).length == 0) {
        throw new IllegalArgumentException("image " + i + " is empty");
      }
    }
    return new VerificationBin(images, issame);
  }

  /** Reads a .bin from any Beam filesystem path. */
  public static VerificationBin read(String uri) throws IOException {
    MatchResult.Metadata file = FileSystems.matchSingleFileSpec(uri);
    try (InputStream in =
        new BufferedInputStream(
            Channels.newInputStream(FileSystems.open(file.resourceId())), 1 << 16)) {
      return read(in, file.sizeBytes(), file.resourceId().getFilename());
    }
  }

  /**
   * Reads a .bin from a stream of {@code size} bytes.
   *
   * @param source the file's name for messages
   * @throws VerificationBinException for a refused, malformed or truncated pickle or a value that
   *     is not a {@code (bins, issame)} tuple, in one line
   */
  public static VerificationBin read(InputStream in, long size, String source) throws IOException {
    Object value = new RestrictedUnpickler(in, size, source).load();
    return fromPickle(value, source);
  }

  /** The tuple's shape, checked part by part so a wrong file says what it holds instead. */
  static VerificationBin fromPickle(Object value, String source) throws VerificationBinException {
    if (!(value instanceof RestrictedUnpickler.Tuple t) || t.items().size() != 2) {
      throw new VerificationBinException(
          source
              + ": holds a "
              + RestrictedUnpickler.describe(value)
              + ", not the 2-tuple (bins, issame) of a verification .bin");
    }
    List<Object> bins = sequence(t.items().get(0), source, "bins");
    List<Object> same = sequence(t.items().get(1), source, "issame");
    if (bins.size() % 2 != 0) {
      throw new VerificationBinException(
          source + ": bins holds " + bins.size() + " images, an odd count (2 per pair)");
    }
    if (bins.size() != 2 * same.size()) {
      throw new VerificationBinException(
          source
              + ": bins holds "
              + bins.size()
              + " images for "
              + bins.size() / 2
              + " pairs but issame has "
              + same.size()
              + " flags");
    }
    List<byte[]> images = new ArrayList<>(bins.size());
    for (int i = 0; i < bins.size(); i++) {
      if (!(bins.get(i) instanceof byte[] b) || b.length == 0) {
        throw new VerificationBinException(
            source
                + ": bins["
                + i
                + "] is a "
                + RestrictedUnpickler.describe(bins.get(i))
                + ", not the bytes of an encoded image");
      }
      images.add(b);
    }
    boolean[] flags = new boolean[same.size()];
    for (int k = 0; k < flags.length; k++) {
      if (!(same.get(k) instanceof Boolean b)) {
        throw new VerificationBinException(
            source
                + ": issame["
                + k
                + "] is a "
                + RestrictedUnpickler.describe(same.get(k))
                + ", not a boolean");
      }
      flags[k] = b;
    }
    return new VerificationBin(images, flags);
  }

  private static List<Object> sequence(Object v, String source, String name)
      throws VerificationBinException {
    if (v instanceof RestrictedUnpickler.Tuple t) {
      return t.items();
    }
    if (v instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    throw new VerificationBinException(
        source
            + ": "
            + name
            + " is a "
            + RestrictedUnpickler.describe(v)
            + ", not a list (the .bin tuple is (bins, issame))");
  }

  /** Number of pairs P. */
  public int pairs() {
    return issame.length;
  }

  /** The 2·P encoded images in file order (shared arrays: do not modify). */
  public List<byte[]> images() {
    return images;
  }

  public byte[] left(int pair) {
    return images.get(2 * pair);
  }

  public byte[] right(int pair) {
    return images.get(2 * pair + 1);
  }

  public boolean same(int pair) {
    return issame[pair];
  }

  public boolean[] issame() {
    return issame.clone();
  }

  /** Matched pairs. */
  public int matched() {
    int n = 0;
    for (boolean s : issame) {
      n += s ? 1 : 0;
    }
    return n;
  }

  /** The fold (0..9) of pair k under insightface's protocol. */
  public int fold(int pair) {
    return foldOf(pair, issame.length, FOLDS);
  }

  /**
   * Fold of pair {@code pair} of {@code pairs} cut into {@code folds} consecutive blocks as
   * scikit-learn's {@code KFold(n_splits=folds, shuffle=False)} does: every block holds ⌊P/k⌋
   * pairs, the first P mod k one more.
   */
  public static int foldOf(int pair, int pairs, int folds) {
    if (pair < 0 || pair >= pairs) {
      throw new IndexOutOfBoundsException("pair " + pair + " of " + pairs);
    }
    int base = pairs / folds;
    int larger = pairs % folds;
    int inLarger = larger * (base + 1);
    return pair < inLarger ? pair / (base + 1) : larger + (pair - inLarger) / base;
  }
}
