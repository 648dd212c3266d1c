package io.lfsbeam.cli;

import io.lfsbeam.pipelines.EmbedOptions;
import io.lfsbeam.pipelines.EmbedPipeline;
import io.lfsbeam.pipelines.PreprocessOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code lfs embed}: one embedding per face of a preprocess output, a pack, a .bin or a folder, as
 * Avro or Parquet (what a face search index or a warehouse reads), with a dead letter per face that
 * could not be embedded.
 */
final class EmbedCommand implements Command<EmbedOptions> {
  @Override
  public String name() {
    return "embed";
  }

  @Override
  public String summary() {
    return "Embed faces with an exported model: a preprocess output, pack, .bin or folder in; one FaceEmbedding per face (Avro or Parquet) and dead letters out";
  }

  @Override
  public Class<EmbedOptions> optionsType() {
    return EmbedOptions.class;
  }

  @Override
  public void validate(EmbedOptions o) {
    Path model = Checks.existingPath("model", o.getModel());
    if (!Files.isRegularFile(model.resolve("saved_model.pb"))) {
      throw new UsageException(
          "--model=" + o.getModel() + " is not an exported SavedModel (no saved_model.pb in it)");
    }
    Path input = Checks.existingPath("input", o.getInput());
    Checks.positive("batchSize", o.getBatchSize());
    Checks.inRange("shards", o.getShards(), 1, 10_000);
    EmbedPipeline.Input kind;
    try {
      kind = EmbedPipeline.Input.of(input);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (kind != EmbedPipeline.Input.FOLDER
        && (o.getLandmarks() != null || o.getAlignment() != null)) {
      throw new UsageException(
          "--landmarks and --alignment apply to a folder of images; --input="
              + o.getInput()
              + " is "
              + describe(kind)
              + ", whose faces come aligned");
    }
    if (kind != EmbedPipeline.Input.PACK && o.getClassNames() != null) {
      throw new UsageException("--classNames applies to an insightface pack");
    }
    if (kind == EmbedPipeline.Input.FOLDER) {
      if (o.getAlignment() == PreprocessOptions.Alignment.NONE) {
        throw new UsageException(
            "--alignment=none: a folder's images are aligned on the way (landmarks or center-crop)");
      }
      if (EmbedPipeline.alignment(o, kind).name().equals("LANDMARKS")) {
        if (o.getLandmarks() == null) {
          throw new UsageException(
              "a folder is aligned on its landmarks: give --landmarks=FILE (or"
                  + " --alignment=center-crop)");
        }
        Checks.existingPath("landmarks", o.getLandmarks());
      }
    }
    if (o.getClassNames() != null) {
      Checks.existingPath("classNames", o.getClassNames());
    }
    Checks.apart(
        "output",
        o.getOutput(),
        Checks.input("model", o.getModel()),
        Checks.input("input", o.getInput()),
        Checks.input("landmarks", o.getLandmarks()),
        Checks.input("classNames", o.getClassNames()));
  }

  private static String describe(EmbedPipeline.Input kind) {
    return switch (kind) {
      case PREPROCESSED -> "a preprocess output";
      case PACK -> "an insightface pack";
      case BIN -> "a verification .bin";
      case FOLDER -> "a folder of images";
    };
  }

  @Override
  public int run(EmbedOptions o) throws Exception {
    EmbedPipeline.Summary s = EmbedPipeline.run(o);
    System.out.printf(
        Locale.ROOT,
        "embed: %d faces embedded from %s, %d dead letters%s; %s-*.%s%s in %s%n",
        s.embedded(),
        describe(s.input()),
        s.deadLettered(),
        s.deadLetters().isEmpty() ? "" : " " + s.deadLetters(),
        EmbedPipeline.EMBEDDINGS,
        o.getFormat().name().toLowerCase(Locale.ROOT),
        s.deadLettered() == 0 ? "" : ", " + EmbedPipeline.DEAD_LETTERS,
        o.getOutput());
    return 0;
  }
}
