package io.lfsbeam.cli;

import io.lfsbeam.pipelines.SynthOptions;
import io.lfsbeam.synth.SyntheticFaces;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** {@code lfs synth}: procedural faces with exact landmarks (and optional broken files). */
final class SynthCommand implements Command<SynthOptions> {
  @Override
  public String name() {
    return "synth";
  }

  @Override
  public String summary() {
    return "Draw synthetic faces with exact landmarks (a folder per identity, landmarks.txt, contact sheet)";
  }

  @Override
  public Class<SynthOptions> optionsType() {
    return SynthOptions.class;
  }

  @Override
  public void validate(SynthOptions o) {
    Checks.positive("identities", o.getIdentities());
    Checks.positive("imagesPerIdentity", o.getImagesPerIdentity());
    Checks.inRange("imageSize", o.getImageSize(), 32, 4096);
    Checks.inRange("difficulty", o.getDifficulty(), 0, 1);
    Checks.inRange("corruptFraction", o.getCorruptFraction(), 0, 1);
    Checks.writableFolder("output", o.getOutput());
  }

  @Override
  public List<String> outputs(SynthOptions o) {
    return List.of(o.getOutput());
  }

  @Override
  public int run(SynthOptions o) throws Exception {
    Path out = Paths.get(o.getOutput());
    SyntheticFaces.Result r =
        SyntheticFaces.builder()
            .identities(o.getIdentities())
            .imagesPerIdentity(o.getImagesPerIdentity())
            .imageSize(o.getImageSize())
            .seed(o.getSeed())
            .difficulty(o.getDifficulty())
            .format(o.getFormat())
            .corruptFraction(o.getCorruptFraction())
            .build()
            .write(out);
    System.out.printf(
        "synth: %d images%s in %s (landmarks: %s, contact sheet: %s)%n",
        r.images(),
        r.corruptFiles() > 0
            ? " + " + r.corruptFiles() + " broken files (" + r.corruptList() + ")"
            : "",
        out.toAbsolutePath(),
        r.landmarks(),
        r.contactSheet());
    return 0;
  }
}
