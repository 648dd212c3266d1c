package io.lfsbeam.cli;

import java.util.List;

/** Every command of lfs.jar, in the order {@code --help} lists them. */
final class Commands {
  private Commands() {}

  static List<Command<?>> all() {
    return List.of(
        new SynthCommand(),
        new PreprocessCommand(),
        new TrainCommand(),
        new SearchCommand(),
        new EvaluateCommand(),
        new EmbedCommand(),
        new CompareCommand(),
        new ExportCommand(),
        new DemoCommand(),
        new BenchCommand(),
        new DoctorCommand());
  }
}
