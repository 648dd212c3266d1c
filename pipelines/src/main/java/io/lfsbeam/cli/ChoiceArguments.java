package io.lfsbeam.cli;

import io.lfsbeam.options.Choice;
import java.util.Locale;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Checks the enum-typed options of a command line before Beam parses it, so that a wrong choice
 * reads {@code --mode must be one of search, random, amlfs, fixed; not bogus} rather than the
 * Jackson message Beam would pass on (which does not name the option).
 */
final class ChoiceArguments {
  private ChoiceArguments() {}

  /**
   * @throws UsageException for the first {@code --name=value} whose option is a {@link Choice} enum
   *     and whose value names none of its constants
   */
  static void check(Class<? extends PipelineOptions> optionsType, String[] args) {
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq <= 2) {
        continue;
      }
      String name = a.substring(2, eq);
      Class<?> type = optionType(optionsType, name);
      if (type != null && type.isEnum() && Choice.class.isAssignableFrom(type)) {
        check(name, type, a.substring(eq + 1));
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void check(String name, Class<?> type, String value) {
    try {
      Choice.parse((Class) type, value);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--"
              + name
              + " must be one of "
              + String.join(", ", Choice.spellings((Class<? extends Enum<?>>) type))
              + "; not "
              + value);
    }
  }

  private static Class<?> optionType(Class<?> optionsType, String name) {
    String getter = "get" + name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    try {
      return optionsType.getMethod(getter).getReturnType();
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
