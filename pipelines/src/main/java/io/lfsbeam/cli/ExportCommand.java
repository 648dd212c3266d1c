package io.lfsbeam.cli;

import io.lfsbeam.insightface.PackExport;
import io.lfsbeam.pipelines.ExportOptions;
import io.lfsbeam.schemas.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * {@code lfs export}: hand data prepared here to the PyTorch world. {@code --format=recordio}
 * writes one split of a preprocess output as an insightface pack that arcface_torch trains on. Each
 * format is one case of {@link #validate} and {@link #run}.
 */
final class ExportCommand implements Command<ExportOptions> {
  @Override
  public String name() {
    return "export";
  }

  @Override
  public String summary() {
    return "Write data for insightface / arcface_torch: --format=recordio packs a split of a preprocess output (train.rec, train.idx, property)";
  }

  @Override
  public Class<ExportOptions> optionsType() {
    return ExportOptions.class;
  }

  @Override
  public void validate(ExportOptions o) {
    switch (o.getFormat()) {
      case RECORDIO -> {
        Path data = Checks.existingPath("data", o.getData());
        if (!Files.isRegularFile(data.resolve("labels.tsv"))
            || !Files.isRegularFile(data.resolve("manifest.avro"))) {
          throw new UsageException(
              "--data="
                  + o.getData()
                  + " is not a preprocess output (no labels.tsv, manifest.avro)");
        }
        split(o);
        Checks.inRange("jpegQuality", o.getJpegQuality(), 1, 100);
      }
    }
  }

  static Split split(ExportOptions o) {
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
                .setData(Paths.get(o.getData()).toAbsolutePath().normalize().toString())
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
    }
    return 0;
  }
}
