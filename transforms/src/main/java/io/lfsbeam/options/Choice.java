package io.lfsbeam.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A closed choice that a command-line option names, e.g. {@code --mode=search} or {@code
 * --isolation=child-process}: an enum that implements this interface and declares one
 * {@code @JsonCreator} factory calling {@link #parse}.
 *
 * <p>Beam turns an option's text into an enum with Jackson ({@code ObjectMapper.convertValue}),
 * which by default accepts only the constant's exact name ({@code SEARCH}). The factory makes the
 * spelling the command line has always used work: the constant's name in any case, with or without
 * {@code -} or {@code _} ({@code in-process}, {@code IN_PROCESS}, {@code inprocess}), plus the
 * constant's {@link #aliases}. Jackson writes the constant's name, which reads back the same, so
 * options survive the runner's serialisation to the workers.
 */
public interface Choice {
  /** Other words accepted for this constant; none by default. */
  default List<String> aliases() {
    return List.of();
  }

  /** How the command line and the help spell a constant: lower case, {@code -} for {@code _}. */
  static String spelling(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Every constant's {@link #spelling}, in declaration order. */
  static List<String> spellings(Class<? extends Enum<?>> type) {
    List<String> out = new ArrayList<>();
    for (Enum<?> e : type.getEnumConstants()) {
      out.add(spelling(e));
    }
    return out;
  }

  /**
   * The constant {@code text} names.
   *
   * @throws IllegalArgumentException naming the accepted spellings
   */
  static <E extends Enum<E> & Choice> E parse(Class<E> type, String text) {
    String wanted = squash(text == null ? "" : text);
    for (E e : type.getEnumConstants()) {
      if (squash(e.name()).equals(wanted)
          || e.aliases().stream().anyMatch(a -> squash(a).equals(wanted))) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not one of " + String.join(", ", spellings(type)));
  }

  private static String squash(String s) {
    return s.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
  }
}
