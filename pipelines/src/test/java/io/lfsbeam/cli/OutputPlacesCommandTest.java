package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.synth.SyntheticFaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs that would destroy or re-read their inputs are refused with one line by every command
 * that reads and writes, whatever the spelling of the same place (trailing slash, {@code ./},
 * {@code ..}, a relative path, a symbolic link); a rerun of preprocess into its own earlier output
 * leaves nothing of the earlier run behind, and a folder holding other files is refused.
 */
class OutputPlacesCommandTest {
  @TempDir static Path tmp;
  static Path faces;
  static Path link;
  static long inputFiles;

  private final CapturedLfs lfs =
      new CapturedLfs(
          new PreprocessCommand(),
          new SearchCommand(),
          new TrainCommand(),
          new CompareCommand(),
          new EvaluateCommand(),
          new ExportCommand(),
          new EmbedCommand());

  @BeforeAll
  static void data() throws Exception {
    faces = tmp.resolve("data/faces");
    SyntheticFaces.builder()
        .identities(4)
        .imagesPerIdentity(3)
        .imageSize(64)
        .seed(2)
        .build()
        .write(faces);
    link = Files.createSymbolicLink(tmp.resolve("faces-link"), faces);
    inputFiles = count(faces);
  }

  private static long count(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.count();
    }
  }

  private void refused(String expected, String... args) {
    lfs.reset();
    assertEquals(2, lfs.run(args), String.join(" ", args) + ": " + lfs.err());
    lfs.assertOneLine(expected);
  }

  @Test
  void preprocessRefusesAnOutputThatIsInsideOrHoldsItsInput() throws Exception {
    String relative = Paths.get("").toAbsolutePath().relativize(faces).toString();
    String[] same = {
      faces.toString(),
      faces + "/",
      faces + "/.",
      faces + "/./",
      faces + "/../faces",
      relative,
      "./" + relative + "/",
      link.toString(),
      link + "/",
    };
    for (String out : same) {
      refused(
          "is the same place as --input",
          "preprocess",
          "--input=" + faces,
          "--output=" + out,
          "--alignment=center-crop");
      refused(
          "is the same place as --input",
          "preprocess",
          "--input=" + link + "/",
          "--output=" + out,
          "--alignment=center-crop");
    }
    String[] inside = {
      faces + "/out",
      faces + "/pairs",
      faces + "/id_0001", // an identity folder: its images would be deleted
      faces + "/./x/../out/",
      link + "/out",
      relative + "/out",
    };
    for (String out : inside) {
      refused(
          "lies inside --input",
          "preprocess",
          "--input=" + faces,
          "--output=" + out,
          "--alignment=center-crop");
    }
    for (String out : new String[] {tmp + "/data", tmp.toString(), faces + "/..", link + "/.."}) {
      refused(
          "lies inside --output",
          "preprocess",
          "--input=" + faces,
          "--output=" + out,
          "--alignment=center-crop");
    }
    // a list reads from its folder: an output there would be read back by a folder input
    Path list = Files.writeString(tmp.resolve("data/list.txt"), "faces/id_0000/0001.png\ta\n");
    refused(
        "lies inside the folder of --input=" + list,
        "preprocess",
        "--input=" + list,
        "--output=" + tmp.resolve("data/out"),
        "--alignment=center-crop");
    // a landmark file inside the output would be replaced or deleted by the run
    Path out = Files.createDirectories(tmp.resolve("out-with-landmarks"));
    Files.copy(faces.resolve("landmarks.txt"), out.resolve("landmarks.txt"));
    refused(
        "--landmarks=" + out.resolve("landmarks.txt") + " lies inside --output",
        "preprocess",
        "--input=" + faces,
        "--landmarks=" + out.resolve("landmarks.txt"),
        "--output=" + out);
    assertEquals(inputFiles, count(faces), "the input is untouched");
    assertFalse(Files.exists(faces.resolve("out")));
    assertFalse(Files.exists(faces.resolve("pairs")));
  }

  @Test
  void theOtherCommandsKeepTheirOutputsApartFromWhatTheyRead() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("prep"));
    Files.createDirectories(data.resolve("faces"));
    Files.createDirectories(data.resolve("pairs"));
    for (String f : new String[] {"labels.tsv", "manifest.avro", "pairs/val.avro"}) {
      Files.writeString(data.resolve(f), "");
    }
    Path dataLink = Files.createSymbolicLink(tmp.resolve("prep-link"), data);
    Path model = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(model.resolve("saved_model.pb"), "");
    Path bins = Files.createDirectories(tmp.resolve("bins"));
    Path bin = Files.writeString(bins.resolve("lfw.bin"), "");

    String d = "--data=" + data;
    refused("is the same place as --data", "search", d, "--output=" + data);
    refused("is the same place as --data", "search", d + "/", "--output=" + dataLink + "/.");
    refused("lies inside --data", "search", d, "--output=" + data + "/runs/s1");
    refused("lies inside --data", "search", d, "--output=" + dataLink + "/x/../runs");
    refused("lies inside --output", "search", d, "--output=" + tmp);
    refused(
        "--valBin=" + bin + " lies inside --output",
        "search",
        d,
        "--valBin=" + bin,
        "--output=" + bins);
    refused("lies inside --output", "search", d, "--testBins=" + bin, "--output=" + bins + "/");
    refused("is the same place as --data", "train", d, "--output=" + data + "/");
    refused("lies inside --data", "train", d, "--output=" + data + "/model");
    refused("lies inside --data", "compare", d, "--output=" + dataLink + "/compare");
    refused("lies inside --data", "compare", d, "--output=" + data + "/c", "--valBin=" + bin);
    String m = "--model=" + model;
    refused("lies inside --model", "evaluate", m, d, "--output=" + model + "/eval");
    refused("lies inside --data", "evaluate", m, d, "--output=" + data + "/eval");
    refused("lies inside --output", "evaluate", m, d, "--output=" + tmp + "/.");
    refused(
        "--embeddingsOutput=" + data + "/emb.avro lies inside --data",
        "evaluate",
        m,
        d,
        "--output=" + tmp.resolve("eval"),
        "--embeddingsOutput=" + data + "/emb.avro");
    refused("lies inside --output", "evaluate", m, "--bins=" + bin, "--output=" + bins);
    refused("lies inside --model", "evaluate", m, "--bins=" + bin, "--output=" + model + "/b");
    String folder = "--input=" + faces;
    refused(
        "lies inside --input",
        "embed",
        m,
        folder,
        "--alignment=center-crop",
        "--output=" + faces + "/e");
    refused(
        "lies inside --input",
        "embed",
        m,
        "--input=" + link + "/",
        "--alignment=center-crop",
        "--output=" + faces + "/./x/../e");
    refused(
        "lies inside --model",
        "embed",
        m,
        folder,
        "--alignment=center-crop",
        "--output=" + model + "/e");
    refused(
        "lies inside --output", "embed", m, folder, "--alignment=center-crop", "--output=" + tmp);
    refused("lies inside --data", "export", d, "--output=" + data + "/pack", "--format=recordio");
    refused(
        "is the same place as --data", "export", d, "--output=" + dataLink, "--format=recordio");
    refused(
        "lies inside --data",
        "export",
        d,
        "--output=" + data + "/val.bin",
        "--format=bin",
        "--pairs=val");
  }

  @Test
  void aRerunReplacesEveryFileOfTheEarlierRunAndNothingElse() throws Exception {
    Path input = tmp.resolve("rerun/faces");
    SyntheticFaces.builder()
        .identities(4)
        .imagesPerIdentity(3)
        .imageSize(64)
        .seed(8)
        .build()
        .write(input);
    // the first run has a broken file and a duplicate: dead_letters.avro and duplicates.avro
    Files.writeString(input.resolve("id_0000/broken.png"), "not an image");
    Files.copy(input.resolve("id_0001/0001.png"), input.resolve("id_0002/copy.png"));
    Path out = tmp.resolve("rerun/out");
    String[] args = {
      "preprocess",
      "--input=" + input,
      "--output=" + out,
      "--alignment=center-crop",
      "--minImagesPerIdentity=1",
      "--trainFraction=1",
      "--valFraction=0",
      "--testFraction=0",
      "--shardsPerSplit=3"
    };
    assertEquals(0, lfs.run(args), lfs.err());
    assertTrue(Files.exists(out.resolve("dead_letters.avro")));
    assertTrue(Files.exists(out.resolve("duplicates.avro")));
    assertFalse(AvroFiles.match(out + "/faces/*-of-00003.avro").isEmpty());

    Files.delete(input.resolve("id_0000/broken.png"));
    Files.delete(input.resolve("id_0002/copy.png"));
    args[args.length - 1] = "--shardsPerSplit=1";
    lfs.reset();
    assertEquals(0, lfs.run(args), lfs.err());
    DatasetManifest m = AvroFiles.read(out + "/manifest.avro", DatasetManifest.class).get(0);
    assertEquals(0, m.getDeadLettered());
    assertEquals(0, m.getDuplicates());
    assertFalse(Files.exists(out.resolve("dead_letters.avro")), "no stale dead letters");
    assertFalse(Files.exists(out.resolve("duplicates.avro")), "no stale duplicates");
    assertEquals(
        List.of(out + "/faces/train-00000-of-00001.avro"), AvroFiles.match(out + "/faces/*.avro"));

    Files.writeString(out.resolve("notes.txt"), "mine");
    refused("holds 'notes.txt', which preprocess does not write", args);
    assertTrue(Files.exists(out.resolve("manifest.avro")), "a refused rerun deletes nothing");
    Path file = Files.writeString(tmp.resolve("rerun/a-file"), "x");
    args[2] = "--output=" + file;
    refused("is not a folder", args);
  }
}
