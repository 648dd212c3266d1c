package io.lfsbeam.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test main: replaces the folder {@code args[0]} with {@code files} files of "new" and dies like
 * {@code kill -9} ({@code Runtime.halt}: no hook, no cleanup) at {@code args[1]}: "writing" (half
 * the files written), "between-renames" (the fallback's old folder renamed aside, the new one not
 * yet in), "after-swap" (the new folder in place, the old one not yet deleted). {@code args[2]}
 * "fallback" disables the one-step exchange.
 */
public final class AtomicDirectoryCrashMain {
  static final int FILES = 20;

  private AtomicDirectoryCrashMain() {}

  public static void main(String[] args) throws Exception {
    String at = args[1];
    AtomicDirectory.exchange = !(args.length > 2 && args[2].equals("fallback"));
    if (at.equals("after-swap")) {
      AtomicDirectory.afterSwap = () -> Runtime.getRuntime().halt(137);
    }
    if (at.equals("between-renames")) {
      AtomicDirectory.betweenRenames = () -> Runtime.getRuntime().halt(137);
    }
    AtomicDirectory.replace(
        Path.of(args[0]),
        dir -> {
          for (int i = 0; i < FILES; i++) {
            if (at.equals("writing") && i == FILES / 2) {
              Runtime.getRuntime().halt(137);
            }
            Files.writeString(dir.resolve("part-" + i), "new " + i);
          }
        });
    System.out.println("done");
  }
}
