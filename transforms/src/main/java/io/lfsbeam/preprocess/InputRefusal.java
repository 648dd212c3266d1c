package io.lfsbeam.preprocess;

/**
 * Why an entry of the input is refused before its bytes are decoded; the names are the dead-letter
 * reason codes (stage {@code ingest} when the listing refuses it, {@code read} when reading does).
 * The rules behind them: {@link InputPaths} (what a path may name) and {@link InputFiles} (what may
 * be read).
 */
public enum InputRefusal {
  /** A list-file line that is not {@code <path>\t<identity>}. */
  BAD_LIST_LINE,
  /** A list-file path that is empty or holds a control character. */
  BAD_PATH,
  /**
   * A path that leads out of the input: {@code ..} above the list's folder, an absolute path
   * elsewhere, a URI or a Windows drive.
   */
  PATH_OUTSIDE_INPUT,
  /** A symbolic link (to a file or an identity folder) whose target lies outside the input. */
  SYMLINK_OUTSIDE_INPUT,
  /** A symbolic link that resolves to itself through a chain of links. */
  SYMLINK_LOOP,
  /** An identity name that {@link io.lfsbeam.io.IdentityNames} refuses (a control character). */
  BAD_IDENTITY_NAME;

  /** The code written to dead letters (the enum name). */
  public String code() {
    return name();
  }
}
