package io.lfsbeam.cli;

import io.lfsbeam.options.Choice;
import io.lfsbeam.pipelines.Runners;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * Prints a command's own options with descriptions and defaults.
 *
 * <p>Beam's {@code PipelineOptionsFactory.printHelp} lists every inherited Beam option too; a user
 * of {@code lfs synth} wants the handful that matter, so this lists the options declared by
 * lfs-beam interfaces and points at the runner options separately.
 */
final class OptionsHelp {
  private OptionsHelp() {}

  static void print(PrintStream out, Command<?> command) {
    out.println("usage: java -jar lfs.jar " + command.name() + " [--option=value ...]");
    out.println();
    out.println(command.summary());
    out.println();
    out.println("Options:");
    Map<String, Method> byName = new TreeMap<>(Comparator.naturalOrder());
    for (Method m : command.optionsType().getMethods()) {
      if (m.getParameterCount() == 0
          && m.getDeclaringClass().getName().startsWith("io.lfsbeam.")
          && m.getAnnotation(Hidden.class) == null
          && !command.inapplicable().containsKey(propertyName(m))
          && (m.getName().startsWith("get") || m.getName().startsWith("is"))) {
        byName.put(propertyName(m), m);
      }
    }
    for (Map.Entry<String, Method> e : byName.entrySet()) {
      Method m = e.getValue();
      Description d = m.getAnnotation(Description.class);
      String def = defaultValue(m);
      StringBuilder line =
          new StringBuilder("  --")
              .append(e.getKey())
              .append("=<")
              .append(valueType(m))
              .append(">");
      out.println(line);
      StringBuilder text = new StringBuilder("      ").append(d == null ? "" : d.value());
      if (m.getAnnotation(Validation.Required.class) != null) {
        text.append(" (required)");
      } else if (def != null) {
        text.append(" (default: ").append(def).append(")");
      }
      out.println(text);
    }
    out.println();
    out.println(
        "Runner options (Beam): --runner=FlinkRunner|DirectRunner (default: FlinkRunner on an"
            + " embedded MiniCluster,");
    out.println(
        "  --flinkMaster="
            + Runners.FLINK_LOCAL_MASTER
            + ", one slot per core), --flinkMaster=host:port, --parallelism=N,");
    out.println("  --targetParallelism=N (DirectRunner threads).");
    out.println(
        "Console: --verbose (or LFS_DEBUG=1) also shows other libraries' lines, TensorFlow's native"
            + " log and stack traces.");
  }

  private static String propertyName(Method m) {
    String n = m.getName().startsWith("is") ? m.getName().substring(2) : m.getName().substring(3);
    return Character.toLowerCase(n.charAt(0)) + n.substring(1);
  }

  /** The type's name, or an enum's choices as the command line spells them: {@code a|b|c}. */
  @SuppressWarnings("unchecked")
  private static String valueType(Method m) {
    Class<?> type = m.getReturnType();
    return type.isEnum()
        ? String.join("|", Choice.spellings((Class<? extends Enum<?>>) type))
        : type.getSimpleName();
  }

  /** The value of whichever {@code @Default.X} annotation the getter carries, as text. */
  private static String defaultValue(Method m) {
    for (Annotation a : m.getAnnotations()) {
      if (a.annotationType().getEnclosingClass() == Default.class) {
        try {
          Method value = a.annotationType().getMethod("value");
          Object v = value.invoke(a);
          if (a instanceof Default.Enum && m.getReturnType().isEnum()) {
            return Choice.spelling(enumConstant(m.getReturnType(), (String) v));
          }
          if (a instanceof Default.InstanceFactory) {
            // computed from the other options; the description says how
            return null;
          }
          return v instanceof Class<?> c ? c.getSimpleName() : String.valueOf(v);
        } catch (ReflectiveOperationException ignored) {
          return null;
        }
      }
    }
    return null;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Enum<?> enumConstant(Class<?> type, String name) {
    return Enum.valueOf((Class) type, name);
  }

  static boolean isOptionsInterface(Class<?> c) {
    return PipelineOptions.class.isAssignableFrom(c);
  }
}
