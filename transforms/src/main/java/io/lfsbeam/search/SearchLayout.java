package io.lfsbeam.search;

import java.io.Serializable;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that names the files of a search's output folder; the search writes through it, and
 * resume, the report, compare and the benches read through it.
 *
 * <pre>
 * search_config.tsv              every setting of the run (SearchConfig + TrainSettings + data)
 * init.ckpt                      the seeded initial weights every round-1 candidate starts from
 * round-NNNN/candidates.avro     LossCandidate: the round's M sampled losses
 * round-NNNN/train_results.avro  TrainResult: how each candidate's training ended
 * round-NNNN/eval_metrics.avro   EvalMetrics: each candidate on the validation pairs (the reward)
 * round-NNNN/policy_state.avro   PolicyState after the round; written last, it marks the round done
 * round-NNNN/candidate-III.ckpt  each candidate's trained weights (with successive halving: of
 *                                the candidates that trained the last rung)
 * round-NNNN/candidate-III-rung-K.ckpt  successive halving: a candidate's weights after rung K
 *                                (0-based) of K+1 or more; kept for those stopped there, deleted
 *                                for those that went on once the round's policy state is written
 * final/test_metrics.avro        EvalMetrics of the final model on the test pairs
 * final/roc.tsv, final/roc.png   its ROC curve
 * model/                         the final model as a SavedModel
 * timings.tsv                    seconds per round and for the rest of the run
 * report.md, plots/*.png         the report and its charts
 * cache/                         decoded training data handed to child-process trainers
 * </pre>
 *
 * <p>Paths are strings so that any Beam filesystem can hold the folder.
 */
public final class SearchLayout implements Serializable {
  public static final String SEARCH_CONFIG = "search_config.tsv";
  public static final String INITIAL_CHECKPOINT = "init.ckpt";
  public static final String CANDIDATES = "candidates.avro";
  public static final String TRAIN_RESULTS = "train_results.avro";
  public static final String EVAL_METRICS = "eval_metrics.avro";
  public static final String POLICY_STATE = "policy_state.avro";
  public static final String FINAL_TEST_METRICS = "final/test_metrics.avro";

  /**
   * The final model's score of every test pair (PairScore): the test-pair part of compare's
   * interval.
   */
  public static final String FINAL_TEST_PAIR_SCORES = "final/test_pair_scores.avro";

  public static final String FINAL_ROC_TSV = "final/roc.tsv";
  public static final String FINAL_ROC_PNG = "final/roc.png";
  public static final String MODEL = "model";
  public static final String TIMINGS = "timings.tsv";
  public static final String REPORT = "report.md";
  public static final String PLOTS = "plots";
  public static final String CACHE = "cache";

  private static final Pattern ROUND_FILE = Pattern.compile(".*/round-(\\d+)/[^/]+$");
  private static final Pattern ROUND_NAME = Pattern.compile("round-0*(\\d+)");

  private final String root;

  private SearchLayout(String root) {
    this.root = root;
  }

  /** The layout under {@code outputDir} (a trailing {@code /} is dropped). */
  public static SearchLayout at(String outputDir) {
    return new SearchLayout(
        outputDir.endsWith("/") ? outputDir.substring(0, outputDir.length() - 1) : outputDir);
  }

  public String root() {
    return root;
  }

  /** A round's folder name, {@code round-0003}; also its stage name in {@code timings.tsv}. */
  public static String roundName(int round) {
    return String.format(Locale.ROOT, "round-%04d", round);
  }

  /** The round a {@link #roundName} names; {@code round-3} is read as round 3 too. */
  public static OptionalInt roundOfName(String name) {
    Matcher m = ROUND_NAME.matcher(name);
    return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  /** The round of a file directly inside a {@code round-NNNN/} folder. */
  public static OptionalInt roundOf(String path) {
    Matcher m = ROUND_FILE.matcher(path.replace('\\', '/'));
    return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  /** A file directly under the output folder, e.g. {@code resolve(REPORT)}. */
  public String resolve(String relative) {
    return root + "/" + relative;
  }

  public String roundDir(int round) {
    return resolve(roundName(round));
  }

  public String candidates(int round) {
    return roundDir(round) + "/" + CANDIDATES;
  }

  public String trainResults(int round) {
    return roundDir(round) + "/" + TRAIN_RESULTS;
  }

  public String evalMetrics(int round) {
    return roundDir(round) + "/" + EVAL_METRICS;
  }

  public String policyState(int round) {
    return roundDir(round) + "/" + POLICY_STATE;
  }

  public String candidateCheckpoint(int round, int index) {
    return roundDir(round) + String.format(Locale.ROOT, "/candidate-%03d.ckpt", index);
  }

  /**
   * A candidate's checkpoint after rung {@code rung} (0-based) of {@code rungs}: {@link
   * #candidateCheckpoint} after the last rung (so a round without halving, one rung, names it as
   * before), {@code candidate-III-rung-K.ckpt} after an earlier one.
   */
  public String candidateCheckpoint(int round, int index, int rung, int rungs) {
    return rung == rungs - 1
        ? candidateCheckpoint(round, index)
        : roundDir(round) + String.format(Locale.ROOT, "/candidate-%03d-rung-%d.ckpt", index, rung);
  }

  /** Glob of every round's policy state: the completed rounds. */
  public String allPolicyStates() {
    return resolve("round-*/" + POLICY_STATE);
  }

  /** Glob of every Avro file of every round. */
  public String allRoundRecords() {
    return resolve("round-*/*.avro");
  }

  public String searchConfig() {
    return resolve(SEARCH_CONFIG);
  }

  public String initialCheckpoint() {
    return resolve(INITIAL_CHECKPOINT);
  }

  public String testMetrics() {
    return resolve(FINAL_TEST_METRICS);
  }

  public String testPairScores() {
    return resolve(FINAL_TEST_PAIR_SCORES);
  }

  public String rocTsv() {
    return resolve(FINAL_ROC_TSV);
  }

  public String rocPng() {
    return resolve(FINAL_ROC_PNG);
  }

  /** ROC table of the final model on a further test set (the first set's is {@link #rocTsv}). */
  public String rocTsv(String testSet) {
    return resolve("final/roc-" + testSet + ".tsv");
  }

  /** ROC plot of the final model on a further test set (the first set's is {@link #rocPng}). */
  public String rocPng(String testSet) {
    return resolve("final/roc-" + testSet + ".png");
  }

  public String model() {
    return resolve(MODEL);
  }

  public String timings() {
    return resolve(TIMINGS);
  }

  public String report() {
    return resolve(REPORT);
  }

  /** A chart under {@code plots/}. */
  public String plot(String fileName) {
    return resolve(PLOTS + "/" + fileName);
  }

  public String cache() {
    return resolve(CACHE);
  }

  @Override
  public String toString() {
    return root;
  }
}
