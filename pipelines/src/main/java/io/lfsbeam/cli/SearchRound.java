package io.lfsbeam.cli;

import io.lfsbeam.bench.BenchTable;
import io.lfsbeam.bench.ScaleBench;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One search round of {@code bench scale}: a child {@code lfs search --rounds=1} with M candidates
 * (backbone tiny) on a preprocess output of the same bench, where the preprocess children ran. The
 * round's own time comes from the search's {@code timings.tsv} (row {@code round-0001}: training
 * and evaluating the M candidates and the policy update), so JVM start, submission and the final
 * model's evaluation are not in it; the child's wall time is printed beside it.
 */
record SearchRound(
    String label,
    int candidates,
    String where,
    double roundSeconds,
    double wallSeconds,
    long peakRssBytes,
    int exit) {
  private static final String MAIN = Lfs.class.getName();

  static SearchRound run(
      int candidates,
      int faces,
      Path data,
      Path work,
      String suffix,
      String where,
      List<String> jvm,
      List<String> runnerArgs,
      PrintStream out)
      throws IOException {
    String label = String.format(Locale.ROOT, "search-%dc-%d%s", candidates, faces, suffix);
    out.printf(
        Locale.ROOT,
        "scale: %s: 1 round x %d candidates (tiny) on %s, on %s (load %s)%n",
        label,
        candidates,
        data,
        where,
        ScaleBench.loadAverage());
    ScaleBench.Result r =
        ScaleBench.run(
            label,
            faces,
            data,
            work,
            (in, output) -> {
              List<String> cmd = new ArrayList<>(jvm);
              cmd.addAll(
                  List.of(
                      MAIN,
                      "search",
                      "--data=" + in.toAbsolutePath(),
                      "--output=" + output.toAbsolutePath(),
                      "--rounds=1",
                      "--candidates=" + candidates,
                      "--backbone=tiny"));
              cmd.addAll(runnerArgs);
              return cmd;
            });
    double round = r.exit() == 0 ? roundSeconds(work.resolve(label)) : Double.NaN;
    SearchRound s =
        new SearchRound(
            label, candidates, where, round, r.wallSeconds(), r.peakRssBytes(), r.exit());
    out.printf(
        Locale.ROOT,
        "scale: %s: round %.1f s, whole command %.1f s, peak RSS %d MB, exit %d (log %s)%n",
        label,
        round,
        r.wallSeconds(),
        r.peakRssBytes() >> 20,
        r.exit(),
        work.resolve(label + ".log"));
    return s;
  }

  /** The seconds of row {@code round-0001} of a search output's {@code timings.tsv}, or NaN. */
  static double roundSeconds(Path searchOutput) throws IOException {
    Path timings = searchOutput.resolve("timings.tsv");
    if (!Files.exists(timings)) {
      return Double.NaN;
    }
    for (String line : Files.readAllLines(timings, StandardCharsets.UTF_8)) {
      String[] f = line.split("\t");
      if (f.length == 2 && f[0].equals("round-0001")) {
        return Double.parseDouble(f[1]);
      }
    }
    return Double.NaN;
  }

  static BenchTable table(List<SearchRound> rounds) {
    BenchTable t =
        new BenchTable(
            "search round (1 round, backbone tiny)",
            "run",
            "where",
            "candidates",
            "round s",
            "command s",
            "peak RSS",
            "exit");
    for (SearchRound r : rounds) {
      t.row(
          r.label(),
          r.where(),
          r.candidates(),
          Double.isNaN(r.roundSeconds()) ? "n/a" : BenchTable.number(r.roundSeconds()),
          BenchTable.number(r.wallSeconds()),
          r.peakRssBytes() > 0 ? BenchTable.megabytes(r.peakRssBytes()) : "n/a",
          r.exit() == 0 ? "ok" : "exit " + r.exit());
    }
    return t;
  }
}
