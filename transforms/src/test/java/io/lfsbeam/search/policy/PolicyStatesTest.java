package io.lfsbeam.search.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.SearchMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * A search stopped after any round and resumed from its stored Avro state continues bit for bit.
 */
class PolicyStatesTest {

  private static List<CandidateOutcome> round(GaussianPolicy p) {
    List<CandidateOutcome> outcomes = new ArrayList<>();
    int round = p.round() + 1;
    for (int m = 0; m < 8; m++) {
      ModulationSample s = p.sampleCandidate(round, m);
      // Any deterministic reward of the draw; one failure to exercise that path too.
      outcomes.add(
          m == 5
              ? CandidateOutcome.failed(s.x())
              : CandidateOutcome.succeeded(s.x(), Math.sin(7 * s.x()[0])));
    }
    return outcomes;
  }

  /** Through Avro's binary encoding, as the pipeline stores it. */
  private static PolicyState throughBytes(PolicyState state) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(PolicyState.class).write(state, encoder);
    encoder.flush();
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
    return new SpecificDatumReader<>(PolicyState.class).read(null, decoder);
  }

  @Test
  void resumedSearchEqualsUninterruptedSearchBitForBit() throws IOException {
    GaussianPolicy uninterrupted = GaussianPolicy.builder().seed(77L).build();
    for (int r = 0; r < 6; r++) {
      uninterrupted = uninterrupted.update(round(uninterrupted));
    }

    GaussianPolicy firstHalf = GaussianPolicy.builder().seed(77L).build();
    for (int r = 0; r < 3; r++) {
      firstHalf = firstHalf.update(round(firstHalf));
    }
    PolicyState stored = throughBytes(PolicyStates.toAvro(firstHalf.snapshot(), "search-1"));
    GaussianPolicy resumed =
        GaussianPolicy.builder().fromSnapshot(PolicyStates.fromAvro(stored)).build();
    assertEquals(firstHalf.snapshot(), resumed.snapshot());
    for (int r = 0; r < 3; r++) {
      resumed = resumed.update(round(resumed));
    }
    assertEquals(uninterrupted.snapshot(), resumed.snapshot());
    assertEquals(
        Double.doubleToRawLongBits(uninterrupted.mu()[0]),
        Double.doubleToRawLongBits(resumed.mu()[0]));
  }

  @Test
  void avroRecordCarriesEveryField() {
    PolicySnapshot snapshot =
        new PolicySnapshot(
            PolicyMode.AMLFS,
            new double[] {1.0, 0.9, 0.1, -0.2},
            0.2,
            new double[] {0.01, -0.02, 0.03, 1e-300},
            new double[] {1e-4, 2e-4, 3e-4, 4e-4},
            5,
            6,
            -9L);
    PolicyState state = PolicyStates.toAvro(snapshot, "run-7");
    assertEquals("run-7", state.getSearchId());
    assertEquals(SearchMode.AMLFS, state.getMode());
    assertEquals(6, state.getRound());
    assertEquals(5, state.getAdamStep());
    assertEquals(-9L, state.getSeed());
    assertEquals(List.of(1.0, 0.9, 0.1, -0.2), state.getMu());
    assertNull(state.getBestCandidate());
    assertEquals(snapshot, PolicyStates.fromAvro(state));

    AmLfsPolicy restored = AmLfsPolicy.builder().fromSnapshot(snapshot).build();
    assertEquals(2, restored.bins());
    assertArrayEquals(snapshot.mu(), restored.mu(), 0.0);
  }

  @Test
  void localSpaceIsRecognisedFromTheNumberOfMeans() {
    GaussianPolicy local =
        GaussianPolicy.builder().space(SearchSpace.LOCAL).mode(PolicyMode.RANDOM).seed(3L).build();
    GaussianPolicy restored =
        GaussianPolicy.builder()
            .fromSnapshot(PolicyStates.fromAvro(PolicyStates.toAvro(local.snapshot(), "s")))
            .build();
    assertEquals(SearchSpace.LOCAL, restored.space());
    assertEquals(PolicyMode.RANDOM, restored.mode());
    assertEquals(10, restored.mu().length);
  }

  @Test
  void modesWithoutAPolicyAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> PolicyStates.fromAvro(SearchMode.FIXED));
  }
}
