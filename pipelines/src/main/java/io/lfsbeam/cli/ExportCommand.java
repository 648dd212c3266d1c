package io.lfsbeam.cli;

import io.lfsbeam.insightface.BinExport;
import io.lfsbeam.insightface.PackExport;
import io.lfsbeam.options.Choice;
import io.lfsbeam.pipelines.ExportFormat;
import io.lfsbeam.pipelines.ExportOptions;
import io.lfsbeam.schemas.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

/**
 * {@code lfs export}: hand data prepared here to the PyTorch world. {@code --format=recordio}
 * writes one split of a preprocess output as an insightface pack that arcface_torch trains on;
 * {@code --format=bin} writes its val or test pairs (or a pairs file over its faces) as a
 * verification .bin that arcface_torch evaluates like lfw.bin. Each format is one case of {@link
 * #validate} and {@link #run}; an option of the other format is refused rather than ignored.
 */
final class ExportCommand implements Command<ExportOptions> {
  @Override
  public String name() {
    return "export";
  }

  @Override
  public String summary() {
    return "Write data for insightface / arcface_torch: --format=recordio packs a split of a preprocess output (train.rec, train.idx, property), --format=bin writes its pairs as a verification .bin";
  }

  @Override
  public Class<ExportOptions> optionsType() {
    return ExportOptions.class;
  }

  @Override
  public void validate(ExportOptions o) {
    Path data = Checks.existingPath("data", o.getData());
    if (!Files.isRegularFile(data.resolve("labels.tsv"))
        || !Files.isRegularFile(data.resolve("manifest.avro"))) {
      throw new UsageException(
          "--data=" + o.getData() + " is not a preprocess output (no labels.tsv, manifest.avro)");
    }
    switch (o.getFormat()) {
      case RECORDIO -> {
        if (o.getPairs() != null) {
          throw new UsageException(
              "--pairs belongs to --format=bin; a pack holds one split's faces (--split)");
        }
        split(o);
        Checks.inRange("jpegQuality", o.getJpegQuality(), 1, 100);
        Checks.writableFolder("output", o.getOutput());
      }
      case BIN -> {
        if (o.getSplit() != null) {
          throw new UsageException(
              "--split belongs to --format=recordio; --format=bin writes --pairs=val|test|FILE");
        }
        if (o.getPairs() == null || o.getPairs().isBlank()) {
          throw new UsageException(
              "--format=bin needs --pairs=val, test or a VerificationPair .avro file");
        }
        String split = namedSplit(o.getPairs());
        if (split == null) {
          Checks.existingPath("pairs", o.getPairs());
        } else if (!Files.isRegularFile(data.resolve("pairs").resolve(split + ".avro"))) {
          throw new UsageException(
              "--pairs="
                  + o.getPairs()
                  + ": "
                  + data.resolve("pairs").resolve(split + ".avro")
                  + " does not exist (the preprocess output has no "
                  + split
                  + " pairs)");
        }
        if (Files.isDirectory(Paths.get(o.getOutput()))) {
          throw new UsageException(
              "--output=" + o.getOutput() + " is a folder; --format=bin writes one .bin file");
        }
        Checks.writableFile("output", o.getOutput());
      }
    }
    // the output's own kind and permissions first, then where it lies against the inputs
    Checks.apart(
        "output",
        o.getOutput(),
        Checks.input("data", o.getData()),
        o.getPairs() == null || namedSplit(o.getPairs()) != null
            ? null
            : Checks.input("pairs", o.getPairs()));
  }

  /**
   * A pack's folder is held while it is written; a .bin is one file, published whole ({@link
   * io.lfsbeam.io.AtomicFile}).
   */
  @Override
  public List<String> outputs(ExportOptions o) {
    return o.getFormat() == ExportFormat.RECORDIO ? List.of(o.getOutput()) : List.of();
  }

  /** {@code val} or {@code test} (lower case) when {@code --pairs} names a split, else null. */
  private static String namedSplit(String pairs) {
    String p = pairs.strip().toLowerCase(Locale.ROOT);
    return p.equals("val") || p.equals("test") ? p : null;
  }

  /** The split of {@code --format=recordio}: train unless {@code --split} says otherwise. */
  static Split split(ExportOptions o) {
    if (o.getSplit() == null) {
      return Split.TRAIN;
    }
    String s = o.getSplit().strip().toUpperCase(Locale.ROOT);
    if (!s.equals("TRAIN") && !s.equals("VAL") && !s.equals("TEST")) {
      throw new UsageException("--split must be train, val or test, not " + o.getSplit());
    }
    return Split.valueOf(s);
  }

  @Override
  public int run(ExportOptions o) throws Exception {
    switch (o.getFormat()) {
      case RECORDIO -> {
        PackExport.Result r =
            PackExport.builder()
                .setData(absolute(o.getData()))
                .setOutput(Paths.get(o.getOutput()).toAbsolutePath().normalize())
                .optSplit(split(o))
                .optImageFormat(o.getImageFormat())
                .optJpegQuality(o.getJpegQuality())
                .build()
                .run();
        System.out.printf(
            "export: %d faces in %d classes (%s) -> %s (train.rec %,d bytes, train.idx, property, %s)%n",
            r.faces(),
            r.classes(),
            o.getImageFormat().name().toLowerCase(Locale.ROOT),
            r.dir(),
            r.recBytes(),
            PackExport.CLASS_NAMES);
      }
      case BIN -> {
        String pairs =
            namedSplit(o.getPairs()) != null ? o.getPairs().strip() : absolute(o.getPairs());
        BinExport.Result r =
            BinExport.run(absolute(o.getData()), pairs, absolute(o.getOutput()), o.getPickle());
        System.out.printf(
            "export: %d pairs (%d matched) over %d faces -> %s (%s pickle, the faces' PNGs)%n",
            r.pairs(), r.matched(), r.faces(), r.file(), Choice.spelling(o.getPickle()));
      }
    }
    return 0;
  }

  private static String absolute(String path) {
    return Paths.get(path).toAbsolutePath().normalize().toString();
  }
}
