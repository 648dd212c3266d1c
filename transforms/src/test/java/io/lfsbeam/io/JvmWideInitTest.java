package io.lfsbeam.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JvmWideInitTest {
  @Test
  void returnsWhatTheTargetReturns() throws Exception {
    MethodHandle max =
        MethodHandles.publicLookup()
            .findStatic(Math.class, "max", MethodType.methodType(int.class, int.class, int.class));
    int result = JvmWideInit.call(MethodHandles.insertArguments(max, 0, 3, 7));
    assertEquals(7, result);
  }

  @Test
  void callStaticBindsTheArgumentsAndRethrowsWhatTheMethodThrowsAsItIs() {
    MethodType parseInt = MethodType.methodType(int.class, String.class);
    int parsed = JvmWideInit.callStatic(Integer.class, "parseInt", parseInt, "42");
    assertEquals(42, parsed);
    NumberFormatException e =
        assertThrows(
            NumberFormatException.class,
            () -> JvmWideInit.callStatic(Integer.class, "parseInt", parseInt, "not a number"));
    assertEquals("For input string: \"not a number\"", e.getMessage());
  }

  @Test
  void callStaticNamesAMethodThatIsNotThere() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                JvmWideInit.callStatic(
                    Integer.class, "parseInteger", MethodType.methodType(int.class, String.class)));
    assertEquals("no public static java.lang.Integer.parseInteger(String)int", e.getMessage());
  }

  @Test
  void runsOnAnotherThreadWhoseContextLoaderIsTheSystemLoader() throws Exception {
    MethodHandle current =
        MethodHandles.publicLookup()
            .findStatic(Thread.class, "currentThread", MethodType.methodType(Thread.class));
    ClassLoader mine = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(JobClassLoader.over(JvmWideInitTest.class));
    Thread worker;
    try {
      worker = JvmWideInit.call(current);
    } finally {
      Thread.currentThread().setContextClassLoader(mine);
    }
    assertNotSame(Thread.currentThread(), worker);
    assertSame(ClassLoader.getSystemClassLoader(), worker.getContextClassLoader());
  }

  /**
   * Each case needs a JVM where the JVM-wide state is not set up yet: a fresh one. The cases in
   * which the job makes the plain call show that the detector detects (and that the reason for
   * JvmWideInit still exists in these library versions).
   */
  @ParameterizedTest(name = "{0}: job loader {1}")
  @CsvSource({
    "libC, collected", // LibC opens the C library: JNA's cleaner thread starts
    "jnaDirectly, kept",
    "imageDecoder, collected", // ImageDecoder's first lookup builds ImageIO's registry
    "imageIoDirectly, kept",
    "tensorFlow, collected", // TensorFlowEngine loads DJL's engine: JavaCPP's deallocator starts
    "tensorFlowDirectly, kept"
  })
  void aJobsFirstTouchOfJvmWideState(String caller, String loader) throws Exception {
    assertEquals(loader, firstTouchInAFreshJvm(caller));
  }

  /** The last line {@link FirstTouchMain} printed; fails with all of its output if it failed. */
  private static String firstTouchInAFreshJvm(String caller) throws Exception {
    try (ChildJvm child = ChildJvm.start(FirstTouchMain.class, caller)) {
      String out;
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(child.process.getInputStream(), StandardCharsets.UTF_8))) {
        out = r.lines().collect(Collectors.joining("\n"));
      }
      int exit = child.waitFor();
      if (exit != 0) {
        throw new IOException("FirstTouchMain " + caller + " exited " + exit + ":\n" + out);
      }
      return out.substring(out.lastIndexOf('\n') + 1);
    }
  }
}
