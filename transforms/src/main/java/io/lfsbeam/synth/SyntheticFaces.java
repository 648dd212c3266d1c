package io.lfsbeam.synth;

import io.lfsbeam.align.FaceLandmarks;
import io.lfsbeam.align.LandmarkFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a face-recognition dataset that the project makes itself: procedural faces with exact
 * landmarks, laid out like LFW.
 *
 * <p>Layout under the output folder:
 *
 * <ul>
 *   <li>{@code id_0000/0001.png}, {@code id_0000/0002.png}, ...: one folder per identity; images
 *       are numbered from 1 like LFW, zero-padded to at least four digits (more only if needed) so
 *       that plain string order is numeric order;
 *   <li>{@code landmarks.txt}: one line per <em>good</em> image, sorted by path, in the {@code
 *       lfw_landmark.txt} layout (see {@link LandmarkFile}); broken files are never listed;
 *   <li>{@code corrupt.txt}: {@code relative_path<TAB>KIND} per deliberately broken file, sorted by
 *       path; empty when {@code corruptFraction} is 0. Broken files are numbered after the
 *       identity's good images, so they sit among them exactly as a reader would meet them;
 *   <li>{@code contact_sheet.png}: the first few identities × images with landmarks drawn.
 * </ul>
 *
 * <p>Determinism: the same settings give byte-identical files. Every random draw is seeded from
 * (seed, identity, image) only, nothing depends on time, locale, hash order or thread timing. Files
 * already in the output folder are overwritten, other files are left alone.
 */
public final class SyntheticFaces {
  static {
    Headless.ensure();
  }

  private static final Logger LOG = LoggerFactory.getLogger(SyntheticFaces.class);

  public static final int DEFAULT_IDENTITIES = 100;
  public static final int DEFAULT_IMAGES_PER_IDENTITY = 10;
  public static final int DEFAULT_IMAGE_SIZE = 250;
  public static final long DEFAULT_SEED = 42L;
  public static final int DEFAULT_PROGRESS_EVERY = 100;
  public static final String LANDMARKS_FILE = "landmarks.txt";
  public static final String CORRUPT_FILE = "corrupt.txt";
  public static final String CONTACT_SHEET_FILE = "contact_sheet.png";

  /** Contact sheet: this many identities (rows) by this many images (columns) at most. */
  static final int SHEET_ROWS = 8;

  static final int SHEET_COLUMNS = 6;

  /** Told after every {@code progressEvery} identities and after the last one. */
  @FunctionalInterface
  public interface ProgressListener {
    void identitiesDone(int done, int total);
  }

  /** What {@link #write} produced. */
  public record Result(
      int images, int corruptFiles, Path landmarks, Path corruptList, Path contactSheet) {}

  private final int identities;
  private final int imagesPerIdentity;
  private final int imageSize;
  private final long seed;
  private final double difficulty;
  private final ImageFormat format;
  private final double corruptFraction;
  private final int progressEvery;
  private final ProgressListener progressListener;
  private final int threads;

  private SyntheticFaces(Builder b) {
    this.identities = b.identities;
    this.imagesPerIdentity = b.imagesPerIdentity;
    this.imageSize = b.imageSize;
    this.seed = b.seed;
    this.difficulty = b.difficulty;
    this.format = b.format;
    this.corruptFraction = b.corruptFraction;
    this.progressEvery = b.progressEvery;
    this.progressListener = b.progressListener;
    this.threads = b.threads;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int identities() {
    return identities;
  }

  public int imagesPerIdentity() {
    return imagesPerIdentity;
  }

  public int imageSize() {
    return imageSize;
  }

  public long seed() {
    return seed;
  }

  public double difficulty() {
    return difficulty;
  }

  public ImageFormat format() {
    return format;
  }

  public double corruptFraction() {
    return corruptFraction;
  }

  public int progressEvery() {
    return progressEvery;
  }

  public int threads() {
    return threads;
  }

  /** Folder name of identity {@code identity} (0-based): {@code id_0000}, ... */
  public String identityName(int identity) {
    return String.format(Locale.ROOT, "id_%0" + digits(identities - 1) + "d", identity);
  }

  /**
   * Number of deliberately broken files {@link #write} adds: {@code ceil(corruptFraction ×
   * images)}.
   */
  public int corruptCount() {
    return (int) Math.ceil(corruptFraction * identities * (double) imagesPerIdentity - 1e-9);
  }

  /** Image {@code image} (0-based) of identity {@code identity}, in memory, with its landmarks. */
  public RenderedFace render(int identity, int image) {
    return FaceRenderer.render(
        FaceTraits.derive(seed, identity),
        Nuisance.derive(seed, identity, image, difficulty),
        imageSize);
  }

  /** Writes the dataset described in the class comment into {@code output}. */
  public Result write(Path output) throws IOException {
    Files.createDirectories(output);
    List<Planned> corrupt = planCorruption();
    int[] extraPerIdentity = new int[identities];
    for (Planned p : corrupt) {
      extraPerIdentity[p.identity]++;
    }
    int maxNumber = imagesPerIdentity;
    for (int extra : extraPerIdentity) {
      maxNumber = Math.max(maxNumber, imagesPerIdentity + extra);
    }
    int numberDigits = digits(maxNumber);

    Map<String, FaceLandmarks> landmarks = new TreeMap<>();
    List<ContactSheet.Tile> tiles = new ArrayList<>();
    // Identities are drawn in parallel (each face depends only on its seed, so the files are the
    // same whatever the thread count) and collected in identity order, a bounded number ahead.
    ExecutorService pool = Executors.newFixedThreadPool(threads, SyntheticFaces::daemon);
    try {
      Deque<Future<Identity>> ahead = new ArrayDeque<>();
      int next = 0;
      for (int id = 0; id < identities; id++) {
        while (next < identities && ahead.size() < 4 * threads) {
          int i = next++;
          ahead.add(pool.submit(() -> writeIdentity(output, i, numberDigits)));
        }
        Identity done = await(ahead.poll());
        landmarks.putAll(done.landmarks());
        tiles.addAll(done.tiles());
        int count = id + 1;
        if (count % progressEvery == 0 || count == identities) {
          LOG.info("synthetic faces: {}/{} identities written to {}", count, identities, output);
          if (progressListener != null) {
            progressListener.identitiesDone(count, identities);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }

    Map<String, CorruptKind> corruptByPath = new TreeMap<>();
    int[] nextNumber = new int[identities];
    for (Planned p : corrupt) {
      int number = imagesPerIdentity + 1 + nextNumber[p.identity]++;
      String rel = relativePath(p.identity, number, numberDigits);
      // A fresh, never-listed view of the same person, so a truncated file starts like a real one.
      BufferedImage source = render(p.identity, number - 1).image();
      WholeFile.write(
          output.resolve(rel), CorruptFiles.make(p.kind, format.encode(source), format));
      corruptByPath.put(rel, p.kind);
    }

    Path landmarkPath = output.resolve(LANDMARKS_FILE);
    LandmarkFile.write(landmarkPath, landmarks);
    Path corruptPath = output.resolve(CORRUPT_FILE);
    StringBuilder sb = new StringBuilder();
    corruptByPath.forEach((path, kind) -> sb.append(path).append('\t').append(kind).append('\n'));
    WholeFile.write(corruptPath, sb.toString().getBytes(StandardCharsets.UTF_8));
    Path sheetPath = output.resolve(CONTACT_SHEET_FILE);
    ContactSheet.write(
        tiles, Math.min(SHEET_COLUMNS, imagesPerIdentity), Math.min(imageSize, 125), sheetPath);
    LOG.info(
        "synthetic faces: {} images, {} broken files, landmarks in {}",
        landmarks.size(),
        corruptByPath.size(),
        landmarkPath);
    return new Result(landmarks.size(), corruptByPath.size(), landmarkPath, corruptPath, sheetPath);
  }

  /** One identity's files written: its landmarks by relative path, and its contact-sheet tiles. */
  private record Identity(Map<String, FaceLandmarks> landmarks, List<ContactSheet.Tile> tiles) {}

  private Identity writeIdentity(Path output, int id, int numberDigits) throws IOException {
    Files.createDirectories(output.resolve(identityName(id)));
    FaceTraits traits = FaceTraits.derive(seed, id);
    Map<String, FaceLandmarks> landmarks = new TreeMap<>();
    List<ContactSheet.Tile> tiles = new ArrayList<>();
    for (int img = 0; img < imagesPerIdentity; img++) {
      RenderedFace face =
          FaceRenderer.render(traits, Nuisance.derive(seed, id, img, difficulty), imageSize);
      String rel = relativePath(id, img + 1, numberDigits);
      WholeFile.write(output.resolve(rel), format.encode(face.image()));
      landmarks.put(rel, face.landmarks());
      if (id < SHEET_ROWS && img < SHEET_COLUMNS) {
        tiles.add(new ContactSheet.Tile(face.image(), face.landmarks().toArray(), rel));
      }
    }
    return new Identity(landmarks, tiles);
  }

  private static Identity await(Future<Identity> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while drawing faces");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "synth-faces");
    t.setDaemon(true);
    return t;
  }

  private String relativePath(int identity, int number, int numberDigits) {
    return identityName(identity)
        + "/"
        + String.format(Locale.ROOT, "%0" + numberDigits + "d", number)
        + "."
        + format.extension();
  }

  /**
   * Which identities get broken files, and of which kind: kinds cycle so that every kind appears
   * once there are four.
   */
  private List<Planned> planCorruption() {
    int n = corruptCount();
    SplittableRandom r = SeedMix.stream(seed, SeedMix.CORRUPT);
    List<Planned> out = new ArrayList<>(n);
    CorruptKind[] kinds = CorruptKind.values();
    for (int i = 0; i < n; i++) {
      out.add(new Planned(r.nextInt(identities), kinds[i % kinds.length]));
    }
    return out;
  }

  private record Planned(int identity, CorruptKind kind) {}

  /** Zero-padding width: at least 4 like LFW, more when the largest value needs it. */
  private static int digits(int maxValue) {
    return Math.max(4, Integer.toString(Math.max(0, maxValue)).length());
  }

  /**
   * Settings with validated ranges; getters mirror the CLI options of the {@code synth} command.
   */
  public static final class Builder {
    private int identities = DEFAULT_IDENTITIES;
    private int imagesPerIdentity = DEFAULT_IMAGES_PER_IDENTITY;
    private int imageSize = DEFAULT_IMAGE_SIZE;
    private long seed = DEFAULT_SEED;
    private double difficulty = Nuisance.DEFAULT_DIFFICULTY;
    private ImageFormat format = ImageFormat.PNG;
    private double corruptFraction = 0.0;
    private int progressEvery = DEFAULT_PROGRESS_EVERY;
    private ProgressListener progressListener;
    private int threads = Runtime.getRuntime().availableProcessors();

    private Builder() {}

    /** {@code --identities}: number of people, at least 1. */
    public Builder identities(int value) {
      this.identities = requireAtLeast("identities", value, 1);
      return this;
    }

    /** {@code --imagesPerIdentity}: good images per person, at least 1. */
    public Builder imagesPerIdentity(int value) {
      this.imagesPerIdentity = requireAtLeast("imagesPerIdentity", value, 1);
      return this;
    }

    /** {@code --imageSize}: square side in pixels, at least 32 (default 250 like LFW). */
    public Builder imageSize(int value) {
      this.imageSize = requireAtLeast("imageSize", value, 32);
      return this;
    }

    /** {@code --seed}: everything random derives from it. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * {@code --difficulty}: nuisance strength in [0, 1] (default {@value
     * Nuisance#DEFAULT_DIFFICULTY}).
     */
    public Builder difficulty(double value) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException("difficulty must be in [0, 1], got " + value);
      }
      this.difficulty = value;
      return this;
    }

    /** {@code --format}: png (default) or jpg. */
    public Builder format(ImageFormat value) {
      if (value == null) {
        throw new IllegalArgumentException("format is required");
      }
      this.format = value;
      return this;
    }

    /** {@code --format} as text: png, jpg or jpeg. */
    public Builder format(String value) {
      return format(ImageFormat.parse(value));
    }

    /**
     * {@code --corruptFraction}: broken files to add, as a fraction of the good images, in [0, 1].
     */
    public Builder corruptFraction(double value) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException("corruptFraction must be in [0, 1], got " + value);
      }
      this.corruptFraction = value;
      return this;
    }

    /** Log and notify the listener every this many identities (default 100). */
    public Builder progressEvery(int value) {
      this.progressEvery = requireAtLeast("progressEvery", value, 1);
      return this;
    }

    /** Optional progress callback, called on the writing thread. */
    public Builder progressListener(ProgressListener value) {
      this.progressListener = value;
      return this;
    }

    /**
     * Threads drawing identities in parallel (default: every core); the files do not depend on it.
     */
    public Builder threads(int value) {
      this.threads = requireAtLeast("threads", value, 1);
      return this;
    }

    public SyntheticFaces build() {
      return new SyntheticFaces(this);
    }

    private static int requireAtLeast(String name, int value, int min) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
      }
      return value;
    }
  }
}
