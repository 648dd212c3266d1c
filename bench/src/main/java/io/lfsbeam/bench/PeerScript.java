package io.lfsbeam.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Python script {@code lfs preprocess} is compared with ({@code bench/preprocess_reference.py}:
 * a process per core, OpenCV + scikit-image, a PNG per face), found and checked before {@code bench
 * scale} runs it on the same sets: a Python 3 that imports {@code cv2} and {@code skimage} ({@code
 * /usr/bin/python3} first, Debian's packages, then {@code python3} on the path) and the script
 * itself.
 */
public final class PeerScript {
  /** The script's path inside a checkout of this project. */
  public static final String RELATIVE_PATH = "bench/preprocess_reference.py";

  private final String python;
  private final Path script;

  private PeerScript(String python, Path script) {
    this.python = python;
    this.script = script;
  }

  /**
   * The peer, or why there is none: {@code script} when given, else {@value #RELATIVE_PATH} under
   * the working folder or under the checkout holding {@code jar} ({@code pipelines/target/lfs.jar}
   * → {@code ../../bench}).
   */
  public static Result find(String script, Path jar) {
    List<Path> candidates = new ArrayList<>();
    if (script != null && !script.isBlank()) {
      candidates.add(Path.of(script));
    } else {
      candidates.add(Path.of(RELATIVE_PATH));
      if (jar != null && jar.toAbsolutePath().getParent() != null) {
        Path checkout = jar.toAbsolutePath().getParent().getParent();
        if (checkout != null && checkout.getParent() != null) {
          candidates.add(checkout.getParent().resolve(RELATIVE_PATH));
        }
      }
    }
    Optional<Path> found = candidates.stream().filter(Files::isRegularFile).findFirst();
    if (found.isEmpty()) {
      return new Result(null, "no " + candidates.get(0) + " (--scalePeerScript=PATH)");
    }
    for (String python : List.of("/usr/bin/python3", "python3")) {
      if (imports(python, "import cv2, skimage")) {
        return new Result(new PeerScript(python, found.get().toAbsolutePath()), null);
      }
    }
    return new Result(
        null,
        "no Python 3 with OpenCV and scikit-image (apt-get install python3-opencv"
            + " python3-skimage)");
  }

  /** A peer, or the reason there is none. */
  public record Result(PeerScript peer, String whyNot) {}

  /** The command that aligns {@code faces} (with its landmark file) into {@code output}. */
  public List<String> command(Path faces, Path landmarks, Path output) {
    return List.of(
        python,
        script.toString(),
        "--input=" + faces.toAbsolutePath(),
        "--landmarks=" + landmarks.toAbsolutePath(),
        "--output=" + output.toAbsolutePath());
  }

  public String describe() {
    return String.format(Locale.ROOT, "%s %s", python, script);
  }

  private static boolean imports(String python, String statement) {
    try {
      Process p =
          new ProcessBuilder(python, "-c", statement)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
