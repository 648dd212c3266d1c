package io.lfsbeam.bench;

import io.lfsbeam.align.AlignMethod;
import io.lfsbeam.align.AlignOptions;
import io.lfsbeam.align.AlignResult;
import io.lfsbeam.align.Aligner;
import io.lfsbeam.align.FaceTemplate;
import io.lfsbeam.align.LandmarkFile;
import io.lfsbeam.image.DecodeResult;
import io.lfsbeam.image.ImageDecoder;
import io.lfsbeam.image.PngEncoder;
import io.lfsbeam.image.RgbImage;
import io.lfsbeam.preprocess.FacePreparer;
import io.lfsbeam.preprocess.PreprocessConfig;
import io.lfsbeam.synth.SyntheticFaces;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-core throughput of the preprocessing hot path on LFW-sized (250×250) JPEG faces: decode →
 * align to the 112×112 ArcFace template → PNG encode, through {@link FacePreparer} exactly as the
 * pipeline runs it, plus each stage alone and the bilinear warp alone.
 *
 * <p>Single-threaded and timed with this thread's CPU clock, so the figures are per core and other
 * processes on a shared machine do not deflate them. All faces are read into memory first: file I/O
 * is not measured. {@code bench/align_reference.py} runs the usual Python route on the same files
 * for comparison.
 */
public final class AlignBench {
  /** Faces per CPU-second of each stage; {@code faces} is how many distinct images were cycled. */
  public record Result(
      int faces,
      int timedFaces,
      double pipelinePerSecond,
      double decodePerSecond,
      double alignPerSecond,
      double encodePerSecond,
      double warpPerSecond) {}

  /** One input: JPEG bytes and its five landmarks. */
  public record Face(String path, byte[] bytes, double[][] landmarks) {}

  /** Folder under the faces folder where {@link #writeAligned} puts the Java-aligned PNGs. */
  public static final String ALIGNED_DIR = "aligned";

  private AlignBench() {}

  /**
   * Writes each face as the pipeline aligns it ({@link FacePreparer}: decode, align, PNG) to {@code
   * dir/<its relative path>.png}, so {@code bench/align_reference.py --compare} can measure how far
   * an independent OpenCV/scikit-image alignment of the same JPEG is from ours.
   */
  public static Path writeAligned(List<Face> faces, Path dir) throws IOException {
    FacePreparer preparer = new FacePreparer(PreprocessConfig.defaults());
    for (Face f : faces) {
      FacePreparer.Outcome o = preparer.prepare(f.bytes(), f.landmarks());
      if (!o.ok()) {
        throw new IOException(f.path() + " does not align: " + o);
      }
      Path target = dir.resolve(f.path() + ".png");
      Files.createDirectories(target.getParent());
      Files.write(target, o.png());
    }
    return dir;
  }

  /**
   * Writes exactly {@code count} synthetic 250×250 JPEG faces with exact landmarks into {@code dir}
   * (up to 10 images per identity), the inputs both this benchmark and the Python reference read.
   */
  public static Path writeFaces(Path dir, int count) throws IOException {
    if (count < 1) {
      throw new IllegalArgumentException("need at least one face");
    }
    int perIdentity = 10;
    while (count % perIdentity != 0) { // the largest divisor up to 10, so the total is exact
      perIdentity--;
    }
    int identities = count / perIdentity;
    SyntheticFaces.builder()
        .identities(identities)
        .imagesPerIdentity(perIdentity)
        .imageSize(250)
        .format("jpg")
        .seed(7)
        .build()
        .write(dir);
    return dir.resolve(SyntheticFaces.LANDMARKS_FILE);
  }

  /** Reads every face listed in a landmarks file (paths relative to its folder) into memory. */
  public static List<Face> readFaces(Path landmarksFile) throws IOException {
    Path root = landmarksFile.toAbsolutePath().getParent();
    List<Face> faces = new ArrayList<>();
    for (String line : Files.readAllLines(landmarksFile, StandardCharsets.UTF_8)) {
      LandmarkFile.Entry e = LandmarkFile.parse(line);
      if (e != null) {
        faces.add(
            new Face(
                e.relativePath(), Files.readAllBytes(root.resolve(e.relativePath())), e.points()));
      }
    }
    if (faces.isEmpty()) {
      throw new IOException("no faces listed in " + landmarksFile);
    }
    return faces;
  }

  /**
   * Times each stage over {@code timedFaces} faces (cycling through {@code faces}) after as many
   * warm-up faces, so the JIT has compiled every path before the clock starts.
   */
  public static Result run(List<Face> faces, int timedFaces, int warpIterations) {
    FacePreparer preparer = new FacePreparer(PreprocessConfig.defaults());
    ImageDecoder decoder = new ImageDecoder();
    Aligner aligner =
        new Aligner(
            AlignOptions.builder()
                .template(FaceTemplate.ARCFACE_112x112)
                .method(AlignMethod.LANDMARKS)
                .build());

    RgbImage[] decoded = new RgbImage[faces.size()];
    RgbImage[] aligned = new RgbImage[faces.size()];
    for (int i = 0; i < faces.size(); i++) {
      DecodeResult d = decoder.decode(faces.get(i).bytes());
      if (!d.isDecoded()) {
        throw new IllegalStateException(faces.get(i).path() + " does not decode: " + d.message());
      }
      decoded[i] = d.image();
      AlignResult a = aligner.align(decoded[i], faces.get(i).landmarks());
      if (!a.isAligned()) {
        throw new IllegalStateException(faces.get(i).path() + " does not align: " + a.message());
      }
      aligned[i] = a.image();
    }

    double pipeline =
        rate(
            timedFaces,
            i -> {
              Face f = faces.get(i % faces.size());
              FacePreparer.Outcome o = preparer.prepare(f.bytes(), f.landmarks());
              return o.ok() ? o.png().length : -1;
            });
    double decode =
        rate(timedFaces, i -> decoder.decode(faces.get(i % faces.size()).bytes()).image().width());
    double align =
        rate(
            timedFaces,
            i ->
                aligner
                    .align(decoded[i % faces.size()], faces.get(i % faces.size()).landmarks())
                    .image()
                    .rgb()[0]);
    double encode = rate(timedFaces, i -> PngEncoder.encode(aligned[i % aligned.length]).length);
    double warp = WarpBenchmark.warpsPerSecond(warpIterations);
    return new Result(faces.size(), timedFaces, pipeline, decode, align, encode, warp);
  }

  private interface Work {
    long apply(int i);
  }

  /** Operations per CPU-second of this thread, after an untimed warm-up of the same length. */
  private static double rate(int n, Work work) {
    long sink = 0;
    for (int i = 0; i < n; i++) {
      sink += work.apply(i);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean cpu = threads.isCurrentThreadCpuTimeSupported();
    long t0 = cpu ? threads.getCurrentThreadCpuTime() : System.nanoTime();
    for (int i = 0; i < n; i++) {
      sink += work.apply(i);
    }
    long t1 = cpu ? threads.getCurrentThreadCpuTime() : System.nanoTime();
    if (sink == Long.MIN_VALUE) { // keeps the results alive; never true
      throw new IllegalStateException();
    }
    return n * 1e9 / Math.max(1, t1 - t0);
  }

  /** The figures as a table. */
  public static BenchTable table(Result r) {
    return new BenchTable(
            String.format(
                "align: %d distinct 250x250 JPEG faces, %d timed per stage, 1 thread (CPU time)",
                r.faces(), r.timedFaces()),
            "stage",
            "per core /s",
            "µs each")
        .row(
            "decode + align + PNG (FacePreparer)",
            BenchTable.number(r.pipelinePerSecond()),
            micros(r.pipelinePerSecond()))
        .row("  JPEG decode", BenchTable.number(r.decodePerSecond()), micros(r.decodePerSecond()))
        .row(
            "  align (similarity + warp to 112x112)",
            BenchTable.number(r.alignPerSecond()),
            micros(r.alignPerSecond()))
        .row("  PNG encode", BenchTable.number(r.encodePerSecond()), micros(r.encodePerSecond()))
        .row(
            "warp alone 250x250 -> 112x112 (WarpBenchmark)",
            BenchTable.number(r.warpPerSecond()),
            micros(r.warpPerSecond()));
  }

  private static String micros(double perSecond) {
    return BenchTable.number(1e6 / perSecond);
  }
}
