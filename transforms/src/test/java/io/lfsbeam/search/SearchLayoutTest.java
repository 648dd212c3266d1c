package io.lfsbeam.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SearchLayoutTest {
  private final SearchLayout layout = SearchLayout.at("/runs/s1/");

  @Test
  void namesTheFilesThatResumeReportAndCompareRead() {
    // the names are the on-disk contract of earlier runs: a change here breaks resuming them
    assertEquals("/runs/s1", layout.root());
    assertEquals("/runs/s1/round-0003", layout.roundDir(3));
    assertEquals("/runs/s1/round-0003/candidates.avro", layout.candidates(3));
    assertEquals("/runs/s1/round-0003/train_results.avro", layout.trainResults(3));
    assertEquals("/runs/s1/round-0003/eval_metrics.avro", layout.evalMetrics(3));
    assertEquals("/runs/s1/round-0003/policy_state.avro", layout.policyState(3));
    assertEquals("/runs/s1/round-0012/candidate-007.ckpt", layout.candidateCheckpoint(12, 7));
    assertEquals("/runs/s1/round-*/policy_state.avro", layout.allPolicyStates());
    assertEquals("/runs/s1/init.ckpt", layout.initialCheckpoint());
    assertEquals("/runs/s1/final/test_metrics.avro", layout.testMetrics());
    assertEquals("/runs/s1/final/roc.png", layout.rocPng());
    assertEquals("/runs/s1/model", layout.model());
    assertEquals("/runs/s1/search_config.tsv", layout.searchConfig());
    assertEquals("/runs/s1/timings.tsv", layout.timings());
    assertEquals("/runs/s1/report.md", layout.report());
    assertEquals("/runs/s1/plots/policy.png", layout.plot("policy.png"));
  }

  @Test
  void readsTheRoundBackFromAPathOrAStageName() {
    assertEquals(OptionalInt.of(3), SearchLayout.roundOf(layout.trainResults(3)));
    assertEquals(OptionalInt.of(3), SearchLayout.roundOf("C:\\runs\\round-0003\\x.avro"));
    assertEquals(OptionalInt.empty(), SearchLayout.roundOf(layout.testMetrics()));
    assertEquals(OptionalInt.of(3), SearchLayout.roundOfName(SearchLayout.roundName(3)));
    assertEquals(OptionalInt.of(3), SearchLayout.roundOfName("round-3"));
    assertEquals(OptionalInt.empty(), SearchLayout.roundOfName("setup-update-final"));
  }
}
