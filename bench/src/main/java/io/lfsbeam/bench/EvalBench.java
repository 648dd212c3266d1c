package io.lfsbeam.bench;

/** The verification figures: LFW's 10-fold protocol on 6,000 pairs and a ROC on 1,000,000 pairs. */
public final class EvalBench {
  private EvalBench() {}

  public static VerificationBenchmark.Timings run(int runs) {
    return VerificationBenchmark.measure(6_000, 1_000_000, runs);
  }

  public static BenchTable table(VerificationBenchmark.Timings t, int runs) {
    return new BenchTable(
            "eval: synthetic scores, best of " + runs + " runs, 1 thread",
            "measure",
            "pairs",
            "ms",
            "pairs/s")
        .row(
            "10-fold verification protocol",
            String.format("%,d", t.protocolPairs()),
            BenchTable.number(t.protocolMillis()),
            BenchTable.number(t.protocolPairs() / (t.protocolMillis() / 1e3)))
        .row(
            "ROC (AUC, EER, TAR@FAR)",
            String.format("%,d", t.rocPairs()),
            BenchTable.number(t.rocMillis()),
            BenchTable.number(t.rocPairs() / (t.rocMillis() / 1e3)));
  }
}
