package io.lfsbeam.search;

import io.lfsbeam.schemas.ConfigChange;
import io.lfsbeam.schemas.PolicyState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a search may continue from a recorded policy state under the configuration it is run with
 * now. Every state records the configuration it was produced under ({@code PolicyState.config}: the
 * keys of {@code search_config.tsv}); a rerun into the same output that differs in a key that
 * shapes the results (loss, seed, candidates, σ, backbone, data fingerprint, ...) is refused,
 * because its records would mix two experiments under one name. With {@code --allowConfigChange} it
 * continues, and the change is appended to {@code PolicyState.configChanges} (and shown in the
 * report), so the records say what happened.
 *
 * <p>Pure logic over the records; {@code SearchPipeline} calls it before anything is written.
 */
public final class ResumeCheck {
  /**
   * Keys that may differ on a resume: how long the search runs (more rounds continue it; the run's
   * step total follows them), except where the loss's schedule is laid over that length ({@link
   * #LENGTH}), and where or how the work executes (the data's location, with its content checked by
   * {@code dataFingerprint}; device, threads, isolation, train-data handling, a child's timeout).
   * The search id is a label.
   */
  public static final Set<String> UNCHECKED =
      Set.of(
          "rounds",
          "trainingSteps",
          "searchId",
          "data",
          "device",
          "threads",
          "isolation",
          "trainData",
          "shuffleBuffer",
          "childTimeoutFactor",
          "childTimeoutMinSeconds");

  /**
   * The run's length: rounds and its total of training steps. More rounds normally just continue a
   * search, but SphereFace's λ anneals to λ_min at a fraction of the run's total steps ({@code
   * FixedLoss.sphereFloorStep}), so a SphereFace run resumed with another length would follow
   * another schedule from the resume on than the one its earlier rounds trained under: for it these
   * keys are checked like any other.
   */
  public static final Set<String> LENGTH = Set.of("rounds", "trainingSteps");

  /**
   * Keys a recorded state cannot follow even when changes are allowed: the policy's mode and space
   * fix what its μ means.
   */
  public static final Set<String> NEVER = Set.of("mode", "space");

  private ResumeCheck() {}

  /**
   * The checked keys whose values differ, in the current configuration's order, then keys only the
   * recorded one has (sorted: a stored map has no order); each marked as taking effect from round
   * {@code fromRound}.
   */
  public static List<ConfigChange> changes(
      Map<String, String> recorded, Map<String, String> current, int fromRound) {
    Set<String> keys = new LinkedHashSet<>(current.keySet());
    keys.addAll(new TreeSet<>(recorded.keySet()));
    boolean lengthShapesLoss = annealsOverTheRun(recorded) || annealsOverTheRun(current);
    List<ConfigChange> out = new ArrayList<>();
    for (String k : keys) {
      boolean checked = !UNCHECKED.contains(k) || (lengthShapesLoss && LENGTH.contains(k));
      if (checked && !Objects.equals(recorded.get(k), current.get(k))) {
        out.add(
            ConfigChange.newBuilder()
                .setRound(fromRound)
                .setKey(k)
                .setBefore(recorded.get(k))
                .setAfter(current.get(k))
                .build());
      }
    }
    return out;
  }

  /**
   * The state a resume continues from.
   *
   * <ul>
   *   <li>A state without a recorded configuration (written before it was recorded) cannot be
   *       checked: it continues and records the current configuration.
   *   <li>The same checked configuration: the state, unchanged but for the current record of the
   *       unchecked keys.
   *   <li>A difference with {@code allowChange}: the changes are appended to {@code configChanges},
   *       and σ and the seed, which the state itself carries, take the new values (so that what is
   *       recorded is what runs).
   * </ul>
   *
   * @param where the output or state file, for the message
   * @throws ConfigChangeRefusedException for a difference without {@code allowChange}, or any
   *     difference in {@link #NEVER}
   */
  public static PolicyState resume(
      PolicyState state,
      SearchConfig config,
      Map<String, String> current,
      boolean allowChange,
      String where) {
    if (state.getMode() != config.mode()) {
      throw new ConfigChangeRefusedException(
          "cannot resume the "
              + state.getMode()
              + " search in "
              + where
              + " as "
              + config.mode()
              + ": use another --output");
    }
    PolicyState.Builder next =
        PolicyState.newBuilder(state).setConfig(new LinkedHashMap<>(current));
    if (state.getConfig().isEmpty()) {
      return next.build();
    }
    List<ConfigChange> changes = changes(state.getConfig(), current, state.getRound() + 1);
    if (changes.isEmpty()) {
      return next.build();
    }
    List<ConfigChange> never = changes.stream().filter(c -> NEVER.contains(c.getKey())).toList();
    if (!allowChange || !never.isEmpty()) {
      throw new ConfigChangeRefusedException(
          "cannot resume "
              + where
              + " after round "
              + state.getRound()
              + ": its recorded configuration differs in "
              + describe(never.isEmpty() ? changes : never)
              + (never.isEmpty()
                  ? "; rerun with the recorded values, use another --output, or pass"
                      + " --allowConfigChange to continue and record the change"
                  : "; these cannot change within a search: use another --output"));
    }
    List<ConfigChange> all = new ArrayList<>(state.getConfigChanges());
    all.addAll(changes);
    next.setConfigChanges(all);
    if (!config.hasFixedLoss()) { // a fixed loss's state has no σ (FIXED, POPULATION)
      next.setSigma(config.sigma()).setSeed(config.seed());
    } else {
      next.setSeed(config.seed());
    }
    return next.build();
  }

  /** Whether the configuration trains a loss whose schedule is laid over the run's length. */
  static boolean annealsOverTheRun(Map<String, String> config) {
    return "SPHEREFACE".equals(config.get("loss"));
  }

  /** {@code seed (1 -> 2), sigma (0.2 -> 0.3)}. */
  static String describe(List<ConfigChange> changes) {
    List<String> parts = new ArrayList<>();
    for (ConfigChange c : changes) {
      parts.add(
          String.format(
              Locale.ROOT,
              "%s (%s -> %s)",
              c.getKey(),
              c.getBefore() == null ? "unset" : c.getBefore(),
              c.getAfter() == null ? "unset" : c.getAfter()));
    }
    return String.join(", ", parts);
  }

  /**
   * A resume whose configuration differs from the recorded one: wrong usage (exit code 2), not a
   * failed run.
   */
  public static final class ConfigChangeRefusedException extends IllegalStateException {
    public ConfigChangeRefusedException(String message) {
      super(message);
    }
  }
}
