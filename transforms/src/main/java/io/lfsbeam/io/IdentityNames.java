package io.lfsbeam.io;

/**
 * The one rule for identity names, wherever they come from (a folder name, a list file's second
 * field, a pack's class-names file): no control characters. Every file that carries names
 * (labels.tsv, a pack's classes.tsv, list files) is tab- and line-separated, so a name holding a
 * tab, a newline or another control character would shift its own line's fields or split it in two,
 * and every reader after it would read other identities than were written. Such a name is refused
 * where it enters (a dead letter {@code BAD_IDENTITY_NAME} for each face of it, or a one-line error
 * for a names file), never escaped: an escaped name would differ from the folder it came from.
 */
public final class IdentityNames {
  private IdentityNames() {}

  /**
   * Why {@code name} cannot be an identity name, or null when it can: empty or blank, or holding a
   * control character (C0, DEL, C1, or the Unicode line and paragraph separators, which line
   * readers split on too).
   */
  public static String problem(String name) {
    if (name == null || name.isBlank()) {
      return "an identity name must not be empty";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return String.format(
            "identity name '%s' holds the control character U+%04X, which would break the"
                + " tab-separated files that list identities (labels.tsv, classes.tsv)",
            printable(name), (int) c);
      }
    }
    return null;
  }

  /** {@code name} with every control character shown as {@code \\uXXXX}, for messages. */
  public static String printable(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length() && sb.length() < 200; i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
