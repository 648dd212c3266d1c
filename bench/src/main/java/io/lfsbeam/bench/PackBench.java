package io.lfsbeam.bench;

import io.lfsbeam.image.DecodeResult;
import io.lfsbeam.image.ImageDecoder;
import io.lfsbeam.image.PngDecoder;
import io.lfsbeam.image.PngEncoder;
import io.lfsbeam.image.RgbImage;
import io.lfsbeam.insightface.FacePack;
import io.lfsbeam.insightface.FacePackWriter;
import io.lfsbeam.insightface.PackImageFormat;
import io.lfsbeam.insightface.PackRecord;
import io.lfsbeam.insightface.PackedFace;
import io.lfsbeam.insightface.RecordIoSource;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.Split;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Records per second per core of the pack source ({@link RecordIoSource}'s reader, no runner)
 * against the preprocess Avro shards holding the same faces, each read alone and with every image
 * decoded. Three containers of one face set: the pack as given (JPEG, as published packs are), the
 * pack as {@code lfs export} writes it (PNG), and four {@link AlignedFace} shards (PNG, what
 * preprocess writes). One thread; figures are faces per CPU-second of that thread (best of the
 * runs), so other processes on the machine slow them little. JPEG decodes through ImageIO ({@link
 * ImageDecoder}, as preprocess does), PNG through {@link PngDecoder} (as training does).
 */
public final class PackBench {
  /** One container's figures. */
  public record Result(
      String source, int faces, long bytes, double readPerCpuSecond, double decodedPerCpuSecond) {}

  private static final int PER_CLASS = 10;

  private PackBench() {}

  /**
   * Builds the three containers under {@code work} from {@code pack}'s faces (synthetic ones when
   * null), repeated up to {@code faces}, and measures each {@code runs} times.
   */
  public static List<Result> run(Path pack, Path work, int faces, int runs) throws IOException {
    List<byte[]> images = pack == null ? synthetic(Math.min(300, faces)) : faces(pack);
    ImageDecoder decoder = new ImageDecoder();
    List<byte[]> pngs = new ArrayList<>();
    for (byte[] image : images) {
      pngs.add(PngEncoder.encode(decodeOrFail(decoder, image)));
    }
    Path jpegPack = work.resolve("pack-as-given");
    Path pngPack = work.resolve("pack-png");
    writePack(jpegPack, images, faces);
    writePack(pngPack, pngs, faces);
    List<AlignedFace> records = new ArrayList<>();
    for (int i = 0; i < faces; i++) {
      String id = String.format(Locale.ROOT, "%08d", i);
      records.add(
          AlignedFace.newBuilder()
              .setId(id)
              .setIdentity("class-" + i / PER_CLASS)
              .setLabel(i / PER_CLASS)
              .setSplit(Split.TRAIN)
              .setSourcePath(Integer.toString(i + 1))
              .setImage(ByteBuffer.wrap(pngs.get(i % pngs.size())))
              .setWidth(112)
              .setHeight(112)
              .setAlignment(AlignmentMethod.NONE)
              .setContentHash(id)
              .build());
    }
    Path shardsDir = work.resolve("shards");
    Files.createDirectories(shardsDir);
    List<String> shards =
        AvroFiles.writeShards(
            shardsDir.toString(), "train", AlignedFace.getClassSchema(), records, 4);
    records.clear();

    String given = pack == null ? "synthetic jpeg" : formatOf(images.get(0));
    List<Result> out = new ArrayList<>();
    out.add(
        measure(
            "pack (" + given + "), RecordIoSource",
            faces,
            size(jpegPack),
            runs,
            d -> readPack(jpegPack, d)));
    out.add(
        measure(
            "pack (png, as lfs export writes)",
            faces,
            size(pngPack),
            runs,
            d -> readPack(pngPack, d)));
    out.add(
        measure(
            "avro shards (png, as preprocess writes)",
            faces,
            size(shardsDir),
            runs,
            d -> readShards(shards, d)));
    return out;
  }

  private interface Pass {
    /** Reads every record, decoding each image when {@code decode}; returns the records read. */
    int read(boolean decode) throws IOException;
  }

  private static Result measure(String name, int faces, long bytes, int runs, Pass pass)
      throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    pass.read(true); // warm-up: page cache, JIT, ImageIO plugins
    double read = 0, decoded = 0;
    for (int r = 0; r < runs; r++) {
      long t0 = threads.getCurrentThreadCpuTime();
      int n = pass.read(false);
      long t1 = threads.getCurrentThreadCpuTime();
      int m = pass.read(true);
      long t2 = threads.getCurrentThreadCpuTime();
      if (n != faces || m != faces) {
        throw new IllegalStateException(name + ": read " + n + " and " + m + " of " + faces);
      }
      read = Math.max(read, faces / ((t1 - t0) / 1e9));
      decoded = Math.max(decoded, faces / ((t2 - t1) / 1e9));
    }
    return new Result(name, faces, bytes, read, decoded);
  }

  private static int readPack(Path dir, boolean decode) throws IOException {
    PipelineOptions options = PipelineOptionsFactory.create();
    ImageDecoder decoder = new ImageDecoder();
    int n = 0;
    try (BoundedSource.BoundedReader<PackRecord> reader =
        RecordIoSource.of(dir.toString()).createReader(options)) {
      for (boolean more = reader.start(); more; more = reader.advance()) {
        PackedFace face = reader.getCurrent().face();
        if (decode) {
          decodeOrFail(decoder, face.image());
        }
        n++;
      }
    }
    return n;
  }

  private static int readShards(List<String> shards, boolean decode) throws IOException {
    ImageDecoder decoder = new ImageDecoder();
    int n = 0;
    AlignedFace reuse = null;
    for (String shard : shards) {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(shard)), 1 << 16);
          DataFileStream<AlignedFace> stream =
              new DataFileStream<>(in, new SpecificDatumReader<>(AlignedFace.class))) {
        while (stream.hasNext()) {
          reuse = stream.next(reuse);
          if (decode) {
            ByteBuffer b = reuse.getImage();
            byte[] png = new byte[b.remaining()];
            b.duplicate().get(png);
            decodeOrFail(decoder, png);
          }
          n++;
        }
      }
    }
    return n;
  }

  /** PNG through the project's PNG decoder (as training reads shards), others through ImageIO. */
  private static RgbImage decodeOrFail(ImageDecoder decoder, byte[] image) throws IOException {
    if (image.length > 8 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G') {
      return PngDecoder.decodeRgb(image);
    }
    DecodeResult d = decoder.decode(image);
    if (!d.isDecoded()) {
      throw new IOException("a bench face does not decode: " + d);
    }
    return d.image();
  }

  private static String formatOf(byte[] image) {
    return image.length > 3 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G'
        ? "png"
        : "jpeg";
  }

  private static List<byte[]> faces(Path pack) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (FacePack p = FacePack.open(pack)) {
      for (PackedFace f : p.faces()) {
        out.add(f.image());
      }
    }
    return out;
  }

  /** Smooth shaded 112×112 faces with a little noise, as JPEG (quality 95). */
  private static List<byte[]> synthetic(int n) throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] rgb = new byte[112 * 112 * 3];
      double cx = 112 * (0.3 + 0.4 * random.nextDouble());
      double tone = 120 + 80 * random.nextDouble();
      for (int y = 0, k = 0; y < 112; y++) {
        for (int x = 0; x < 112; x++) {
          double shade = tone * (1 - Math.hypot(x - cx, y - 56) / 134.4);
          int v = (int) Math.max(0, Math.min(255, shade + 12 * (random.nextDouble() - 0.5)));
          rgb[k++] = (byte) v;
          rgb[k++] = (byte) (v * 0.8);
          rgb[k++] = (byte) (v * 0.65);
        }
      }
      out.add(PackImageFormat.JPEG.fromPng(PngEncoder.encode(rgb, 112, 112), 95));
    }
    return out;
  }

  private static void writePack(Path dir, List<byte[]> images, int faces) throws IOException {
    try (FacePackWriter w = FacePackWriter.create(dir, 112, 112)) {
      for (int i = 0; i < faces; i++) {
        w.add(i / PER_CLASS, images.get(i % images.size()));
      }
    }
  }

  private static long size(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  public static BenchTable table(List<Result> results, int runs) {
    BenchTable t =
        new BenchTable(
            "pack: faces per CPU-second of one thread (= per core), best of "
                + runs
                + " runs; read = container only, decoded = every image decoded to RGB",
            "source",
            "faces",
            "on disk",
            "read/s",
            "decoded/s",
            "decoded vs avro");
    double avro = results.get(results.size() - 1).decodedPerCpuSecond();
    for (Result r : results) {
      t.row(
          r.source(),
          String.format(Locale.ROOT, "%,d", r.faces()),
          String.format(Locale.ROOT, "%.1f MB", r.bytes() / 1e6),
          BenchTable.number(r.readPerCpuSecond()),
          BenchTable.number(r.decodedPerCpuSecond()),
          String.format(Locale.ROOT, "%.2fx", r.decodedPerCpuSecond() / avro));
    }
    return t;
  }
}
