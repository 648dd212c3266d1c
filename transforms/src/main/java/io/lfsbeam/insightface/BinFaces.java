package io.lfsbeam.insightface;

import io.lfsbeam.evaluate.VerificationSet;
import io.lfsbeam.image.DecodeResult;
import io.lfsbeam.image.ImageDecoder;
import io.lfsbeam.image.PngEncoder;
import io.lfsbeam.image.RgbImage;
import io.lfsbeam.io.IdentityNames;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.schemas.VerificationPair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link VerificationBin} as a {@link VerificationSet}: its distinct images as {@link
 * AlignedFace}s and its pairs as {@link VerificationPair}s with insightface's folds.
 *
 * <ul>
 *   <li>Faces are the distinct images (equal bytes are one face: the published Python 2 files
 *       repeat an image for every pair it is in; scoring it once changes no score), with id {@code
 *       <set>/<nnnnnn>}, n = the first position of the image in {@code bins}, and source path
 *       {@code <set>.bin#<n>}.
 *   <li>Every image is decoded with {@link ImageDecoder} (JPEG or PNG; grey is replicated to RGB)
 *       and must already have the model's input size: the faces of a .bin are aligned by whoever
 *       made it, so a wrong size is refused with one line rather than resized.
 *   <li>A .bin names no identities: identity is empty, label −1, split UNASSIGNED.
 * </ul>
 */
public final class BinFaces {
  private BinFaces() {}

  /**
   * The set name of a .bin path: its file name without extension ({@code lfw} for lfw.bin). The set
   * name names output files and folders ({@code <set>/}, {@code roc-<set>.tsv}), so it must be one
   * plain path segment ({@link #setNameProblem}); a file whose name gives none is refused.
   *
   * @throws IllegalArgumentException naming the file and why its name cannot name a set
   */
  public static String setName(String uri) {
    String file = uri.substring(uri.lastIndexOf('/') + 1);
    int dot = file.lastIndexOf('.');
    String name = dot > 0 ? file.substring(0, dot) : file;
    String problem = setNameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException(
          uri
              + ": its set name '"
              + IdentityNames.printable(name)
              + "' (the file name without its extension) "
              + problem
              + "; rename the file");
    }
    return name;
  }

  /**
   * Why {@code name} cannot name a set, or null: it must be non-empty, must not start with a dot
   * ({@code .}, {@code ..} and hidden names), and must hold no slash, backslash or control
   * character, so that {@code <output>/<set>} is a folder of its own inside the output.
   */
  public static String setNameProblem(String name) {
    if (name.isEmpty()) {
      return "is empty";
    }
    if (name.startsWith(".")) {
      return "starts with a dot, which would name the output folder, its parent or a hidden file";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\' || Character.isISOControl(c)) {
        return String.format("holds '%s', which cannot be part of a folder name", printable(c));
      }
    }
    if (name.length() > 200) {
      return "is longer than 200 characters";
    }
    return null;
  }

  private static String printable(char c) {
    return Character.isISOControl(c) ? String.format("U+%04X", (int) c) : String.valueOf(c);
  }

  /** Reads, decodes and checks a .bin: the whole set in memory (PNG faces). */
  public static VerificationSet read(String uri, int height, int width) throws IOException {
    return toSet(setName(uri), VerificationBin.read(uri), height, width);
  }

  /**
   * The check a driver makes before any work, so a .bin that cannot serve as a set of {@code
   * width}×{@code height} faces fails at once rather than after the training it was to score: it
   * parses, has enough pairs, and every distinct image decodes to that size (the first that does
   * not is named). Costs one decode per distinct image (a few seconds for lfw.bin's 12,000).
   *
   * @return the number of pairs
   * @throws VerificationBinException for a malformed or refused file
   * @throws IllegalArgumentException for too few pairs or an image that does not fit
   */
  public static int check(String uri, int height, int width) throws IOException {
    String name = setName(uri);
    VerificationBin bin = VerificationBin.read(uri);
    pairs(name, bin);
    ImageDecoder decoder = new ImageDecoder();
    for (int index : distinctImages(bin)) {
      fits(name, index, decoder.decode(bin.images().get(index)), height, width);
    }
    return bin.pairs();
  }

  /**
   * @throws IllegalArgumentException for an image that does not decode or has another size, or a
   *     set too small for the 10-fold protocol
   */
  public static VerificationSet toSet(String name, VerificationBin bin, int height, int width) {
    List<VerificationPair> pairs = pairs(name, bin);
    List<Integer> distinct = distinctImages(bin);
    List<AlignedFace> faces = new ArrayList<>(distinct.size());
    for (int index : distinct) {
      faces.add(face(name, index, bin.images().get(index), height, width));
    }
    return VerificationSet.of(name, faces, pairs);
  }

  /**
   * The reverse: a verification set as a .bin whose consecutive blocks are its folds. Pairs are
   * ordered by fold (stably, so the set's order within a fold is kept); each face's image bytes
   * (PNG, which insightface's readers decode like JPEG) are one shared array, so the writer stores
   * a face once however many pairs name it.
   *
   * @throws IllegalArgumentException when the folds are not {@link VerificationBin#FOLDS} blocks of
   *     the sizes insightface's KFold cuts (it would then evaluate other folds than the set's)
   */
  public static VerificationBin toBin(VerificationSet set) {
    Map<String, byte[]> images = new HashMap<>();
    for (AlignedFace f : set.faces()) {
      ByteBuffer b = f.getImage().duplicate();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      images.put(f.getId().toString(), bytes);
    }
    List<VerificationPair> ordered = new ArrayList<>(set.pairs());
    ordered.sort(Comparator.comparingInt(VerificationPair::getFold));
    List<byte[]> bins = new ArrayList<>(2 * ordered.size());
    boolean[] same = new boolean[ordered.size()];
    for (int k = 0; k < ordered.size(); k++) {
      VerificationPair p = ordered.get(k);
      int expected = VerificationBin.foldOf(k, ordered.size(), VerificationBin.FOLDS);
      if (p.getFold() != expected) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s: pair %d of %d is in fold %d, but insightface cuts %d pairs into %d"
                    + " consecutive blocks and would put it in fold %d (the set's folds must have"
                    + " the sizes ⌊P/10⌋ or ⌈P/10⌉, larger ones first)",
                set.name(),
                k,
                ordered.size(),
                p.getFold(),
                ordered.size(),
                VerificationBin.FOLDS,
                expected));
      }
      bins.add(images.get(p.getLeftId().toString()));
      bins.add(images.get(p.getRightId().toString()));
      same[k] = p.getSame();
    }
    return VerificationBin.of(bins, same);
  }

  /** Positions in {@code bins} of the first occurrence of each distinct image, ascending. */
  public static List<Integer> distinctImages(VerificationBin bin) {
    List<Integer> out = new ArrayList<>();
    int[] first = firstOccurrence(bin);
    for (int i = 0; i < first.length; i++) {
      if (first[i] == i) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * The pairs in file order with insightface's folds, naming each image by its first occurrence.
   *
   * @throws IllegalArgumentException when there are fewer pairs than folds
   */
  public static List<VerificationPair> pairs(String name, VerificationBin bin) {
    if (bin.pairs() < VerificationBin.FOLDS) {
      throw new IllegalArgumentException(
          name
              + ": "
              + bin.pairs()
              + " pairs are too few for the "
              + VerificationBin.FOLDS
              + "-fold protocol");
    }
    int[] first = firstOccurrence(bin);
    // one id string per distinct image, and the records built directly (Avro's builder checks and
    // copies every field): a file of a million pairs over one memo image is a million cheap records
    Map<Integer, String> ids = new HashMap<>();
    List<VerificationPair> out = new ArrayList<>(bin.pairs());
    for (int k = 0; k < bin.pairs(); k++) {
      String left = ids.computeIfAbsent(first[2 * k], i -> faceId(name, i));
      String right = ids.computeIfAbsent(first[2 * k + 1], i -> faceId(name, i));
      out.add(new VerificationPair(left, right, bin.same(k), bin.fold(k), null));
    }
    return out;
  }

  public static String faceId(String name, int index) {
    return String.format(Locale.ROOT, "%s/%06d", name, index);
  }

  /**
   * Image {@code index} of set {@code name} as an aligned face (PNG).
   *
   * @throws IllegalArgumentException when it does not decode or is not {@code width}×{@code height}
   */
  public static AlignedFace face(String name, int index, byte[] encoded, int height, int width) {
    RgbImage img = fits(name, index, new ImageDecoder().decode(encoded), height, width);
    return AlignedFace.newBuilder()
        .setId(faceId(name, index))
        .setIdentity("")
        .setLabel(-1)
        .setSplit(Split.UNASSIGNED)
        .setSourcePath(name + ".bin#" + index)
        .setImageNumber(index)
        .setImage(ByteBuffer.wrap(PngEncoder.encode(img)))
        .setWidth(width)
        .setHeight(height)
        .setAlignment(AlignmentMethod.UNKNOWN)
        .setTemplate(String.format(Locale.ROOT, "arcface-%dx%d", height, width))
        .setTransform(List.of())
        .setAlignmentResidual(null)
        .setContentHash(sha256(encoded))
        .build();
  }

  /**
   * The decoded image {@code index} of set {@code name}.
   *
   * @throws IllegalArgumentException when it did not decode or is not {@code width}×{@code height}
   */
  private static RgbImage fits(String name, int index, DecodeResult d, int height, int width) {
    String where = name + ".bin image " + index + " (pair " + index / 2 + ")";
    if (!d.isDecoded()) {
      throw new IllegalArgumentException(
          where + " cannot be decoded: " + d.reasonCode() + ": " + d.message());
    }
    RgbImage img = d.image();
    if (img.width() != width || img.height() != height) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s is %dx%d but the model takes %dx%d: the faces of a .bin must already be aligned"
                  + " to the model's input size",
              where,
              img.width(),
              img.height(),
              width,
              height));
    }
    return img;
  }

  /**
   * For each image, the position of the first image with equal bytes.
   *
   * <p>Work is bounded by the file's size, not by its references: an image the pickle's memo names
   * many times is one array (the unpickler returns the same instance), recognised by identity
   * before any byte of it is hashed, so each distinct array is hashed once. (Hashing per reference
   * let a 6 MB file that names one 1 MB image two million times pin a CPU for hours.)
   */
  private static int[] firstOccurrence(VerificationBin bin) {
    List<byte[]> images = bin.images();
    Map<byte[], Integer> byInstance = new IdentityHashMap<>();
    Map<ByteBuffer, Integer> byContent = new HashMap<>();
    int[] first = new int[images.size()];
    for (int i = 0; i < first.length; i++) {
      byte[] image = images.get(i);
      Integer known = byInstance.get(image);
      if (known == null) {
        Integer earlier = byContent.putIfAbsent(ByteBuffer.wrap(image), i);
        known = earlier == null ? i : earlier;
        byInstance.put(image, known);
      }
      first[i] = known;
    }
    return first;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
