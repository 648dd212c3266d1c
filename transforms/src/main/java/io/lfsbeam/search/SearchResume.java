package io.lfsbeam.search;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.PolicyState;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where a search picks up: an explicit policy state file, or the last completed round in its
 * output.
 */
public final class SearchResume {
  private SearchResume() {}

  /**
   * The policy state of the highest-numbered {@code round-NNNN/policy_state.avro} under {@code
   * output}.
   */
  public static Optional<PolicyState> lastCompleted(String output) throws IOException {
    List<String> files = AvroFiles.match(SearchLayout.at(output).allPolicyStates());
    PolicyState best = null;
    for (String f : files) {
      PolicyState s = read(f);
      if (best == null || s.getRound() > best.getRound()) {
        best = s;
      }
    }
    return Optional.ofNullable(best);
  }

  public static PolicyState read(String policyStateFile) throws IOException {
    List<PolicyState> states = AvroFiles.read(policyStateFile, PolicyState.class);
    if (states.size() != 1) {
      throw new IOException(
          policyStateFile + " holds " + states.size() + " policy states, expected 1");
    }
    return states.get(0);
  }
}
