package io.lfsbeam.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates {@code ../shared} (test vectors and real datasets) beside the repository.
 *
 * <p>Tests never copy these files into the repository; they read them in place and skip with a
 * clear message when a file is absent, so the suite still runs on a machine without them.
 */
public final class SharedData {
  private SharedData() {}

  /**
   * The shared folder: system property {@code lfs.shared.dir}, env {@code LFS_SHARED_DIR}, or the
   * first {@code shared/} found walking up from the working directory.
   */
  public static Path root() {
    String prop = System.getProperty("lfs.shared.dir");
    if (prop != null && Files.isDirectory(Paths.get(prop))) {
      return Paths.get(prop).toAbsolutePath().normalize();
    }
    String env = System.getenv("LFS_SHARED_DIR");
    if (env != null && Files.isDirectory(Paths.get(env))) {
      return Paths.get(env).toAbsolutePath().normalize();
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared");
      if (Files.isDirectory(candidate.resolve("testvectors"))
          || Files.isDirectory(candidate.resolve("datasets"))) {
        return candidate;
      }
    }
    return Paths.get("..", "shared").toAbsolutePath().normalize();
  }

  /**
   * One of the independent test vectors ({@code losses.json}, {@code modern_losses.json}, {@code
   * policy.json}, {@code similarity.json}): the copy in this module's test resources (see its
   * PROVENANCE.md), so oracle tests never skip.
   */
  public static Path testVector(String name) {
    URL url = SharedData.class.getResource("/testvectors/" + name);
    if (url == null) {
      throw new IllegalArgumentException(
          "no test vector " + name + " in src/test/resources/testvectors");
    }
    try {
      return Paths.get(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A file or folder under shared/, or the test is skipped (not failed) with a message naming it.
   */
  public static Path require(String relative) {
    Path p = root().resolve(relative);
    assumeTrue(
        Files.exists(p), () -> "skipped: " + p + " is absent (needs ../shared/" + relative + ")");
    return p;
  }
}
