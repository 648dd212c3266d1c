package io.lfsbeam.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.ConfigChange;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.search.policy.SearchSpace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A resume under a different configuration is refused, or allowed and recorded. */
class ResumeCheckTest {
  private static SearchConfig config(long seed, double sigma) {
    return SearchConfig.builder()
        .searchId("t")
        .mode(SearchMode.SEARCH)
        .seed(seed)
        .sigma(sigma)
        .build();
  }

  private static Map<String, String> recorded(SearchConfig c, String device, String fingerprint) {
    Map<String, String> m = new LinkedHashMap<>(c.describe());
    m.put("backbone", "tiny");
    m.put("device", device);
    m.put("dataFingerprint", fingerprint);
    return m;
  }

  /** The state after round 2 of a search run under {@code c}. */
  private static PolicyState afterRound2(SearchConfig c) {
    return PolicyState.newBuilder(SearchPolicies.initial(c))
        .setRound(2)
        .setConfig(recorded(c, "cpu", "abc"))
        .build();
  }

  @Test
  void theSameConfigurationResumesAndExecutionKeysMayDiffer() {
    SearchConfig c = config(1, 0.2);
    PolicyState state = afterRound2(c);
    Map<String, String> now = recorded(c.toBuilder().rounds(9).build(), "gpu:0", "abc");
    PolicyState next = ResumeCheck.resume(state, c, now, false, "out");
    assertTrue(next.getConfigChanges().isEmpty());
    assertEquals("gpu:0", next.getConfig().get("device"));
    assertEquals("9", next.getConfig().get("rounds"));
    assertEquals(state.getMu(), next.getMu());
  }

  @Test
  void aChangedSeedIsRefusedWithTheDifferingKeysOnOneLine() {
    SearchConfig before = config(1, 0.2);
    SearchConfig after = config(2, 0.3);
    ResumeCheck.ConfigChangeRefusedException e =
        assertThrows(
            ResumeCheck.ConfigChangeRefusedException.class,
            () ->
                ResumeCheck.resume(
                    afterRound2(before), after, recorded(after, "cpu", "def"), false, "/runs/s1"));
    String m = e.getMessage();
    assertTrue(m.contains("/runs/s1 after round 2"), m);
    assertTrue(m.contains("sigma (0.2 -> 0.3)"), m);
    assertTrue(m.contains("seed (1 -> 2)"), m);
    assertTrue(m.contains("dataFingerprint (abc -> def)"), m);
    assertTrue(m.contains("--allowConfigChange"), m);
    assertTrue(!m.contains("\n"), m);
  }

  @Test
  void anAllowedChangeIsRecordedAndTakesEffect() {
    SearchConfig before = config(1, 0.2);
    SearchConfig after = config(2, 0.2);
    PolicyState next =
        ResumeCheck.resume(afterRound2(before), after, recorded(after, "cpu", "abc"), true, "out");
    List<ConfigChange> changes = next.getConfigChanges();
    assertEquals(1, changes.size());
    assertEquals(
        ConfigChange.newBuilder().setRound(3).setKey("seed").setBefore("1").setAfter("2").build(),
        changes.get(0));
    // the seed the state carries (the candidates' draws derive from it) is the new one
    assertEquals(2, next.getSeed());
    assertEquals("2", next.getConfig().get("seed"));
    // a later change is appended to the earlier one
    SearchConfig third = config(2, 0.25);
    PolicyState later =
        ResumeCheck.resume(
            PolicyState.newBuilder(next).setRound(5).build(),
            third,
            recorded(third, "cpu", "abc"),
            true,
            "out");
    assertEquals(2, later.getConfigChanges().size());
    assertEquals("sigma", later.getConfigChanges().get(1).getKey());
    assertEquals(6, later.getConfigChanges().get(1).getRound());
    assertEquals(0.25, later.getSigma(), 0.0);
  }

  @Test
  void modeAndSpaceNeverChangeWithinASearch() {
    SearchConfig c = config(1, 0.2);
    SearchConfig local = c.toBuilder().space(SearchSpace.LOCAL).build();
    ResumeCheck.ConfigChangeRefusedException space =
        assertThrows(
            ResumeCheck.ConfigChangeRefusedException.class,
            () ->
                ResumeCheck.resume(
                    afterRound2(c), local, recorded(local, "cpu", "abc"), true, "o"));
    assertTrue(space.getMessage().contains("space (global -> local)"), space.getMessage());
    SearchConfig random = c.toBuilder().mode(SearchMode.RANDOM).build();
    assertThrows(
        ResumeCheck.ConfigChangeRefusedException.class,
        () ->
            ResumeCheck.resume(afterRound2(c), random, recorded(random, "cpu", "abc"), true, "o"));
  }

  @Test
  void aStateFromBeforeTheRecordCannotBeCheckedAndStartsRecording() {
    SearchConfig c = config(1, 0.2);
    PolicyState old = PolicyState.newBuilder(SearchPolicies.initial(c)).setRound(2).build();
    assertTrue(old.getConfig().isEmpty());
    PolicyState next = ResumeCheck.resume(old, config(7, 0.2), recorded(c, "cpu", "x"), false, "o");
    assertEquals("x", next.getConfig().get("dataFingerprint"));
    assertTrue(next.getConfigChanges().isEmpty());
  }

  /**
   * SphereFace's λ reaches λ_min at a fraction of the run's total steps, so resuming it with more
   * rounds (and so more steps) would change the schedule under the rounds already trained: refused
   * like any shaping key, allowed with the change recorded. Other losses may simply run longer.
   */
  @Test
  void aSphereFaceRunCannotChangeItsLengthOnResume() {
    SearchConfig sphere =
        SearchConfig.builder()
            .searchId("t")
            .mode(SearchMode.FIXED)
            .fixedLoss(io.lfsbeam.schemas.LossFamily.SPHEREFACE, 4, 0, 0)
            .rounds(3)
            .trainingSteps(90)
            .build();
    PolicyState state = afterRound2(sphere);
    SearchConfig longer = sphere.toBuilder().rounds(6).trainingSteps(180).build();
    ResumeCheck.ConfigChangeRefusedException e =
        assertThrows(
            ResumeCheck.ConfigChangeRefusedException.class,
            () -> ResumeCheck.resume(state, longer, recorded(longer, "cpu", "abc"), false, "out"));
    assertTrue(
        e.getMessage().contains("rounds (3 -> 6), trainingSteps (90 -> 180)"), e.getMessage());
    PolicyState allowed =
        ResumeCheck.resume(state, longer, recorded(longer, "cpu", "abc"), true, "out");
    assertEquals(
        List.of("rounds", "trainingSteps"),
        allowed.getConfigChanges().stream().map(ConfigChange::getKey).toList());

    SearchConfig cos =
        sphere.toBuilder().fixedLoss(io.lfsbeam.schemas.LossFamily.COSFACE, 1, 0.35, 0).build();
    PolicyState cosState = afterRound2(cos);
    SearchConfig cosLonger = cos.toBuilder().rounds(6).trainingSteps(180).build();
    assertTrue(
        ResumeCheck.resume(cosState, cosLonger, recorded(cosLonger, "cpu", "abc"), false, "out")
            .getConfigChanges()
            .isEmpty(),
        "CosFace has no schedule over the run: more rounds just continue it");
  }

  /** Switching successive halving on or off changes the experiment: a checked key. */
  @Test
  void halvingCannotBeSwitchedOnWithinASearch() {
    SearchConfig off = config(1, 0.2).toBuilder().roundSteps(40).build();
    PolicyState state = afterRound2(off);
    SearchConfig on = off.toBuilder().halving(2, 2).build();
    ResumeCheck.ConfigChangeRefusedException e =
        assertThrows(
            ResumeCheck.ConfigChangeRefusedException.class,
            () -> ResumeCheck.resume(state, on, recorded(on, "cpu", "abc"), false, "out"));
    assertTrue(e.getMessage().contains("halvingRate (unset -> 2)"), e.getMessage());
  }
}
