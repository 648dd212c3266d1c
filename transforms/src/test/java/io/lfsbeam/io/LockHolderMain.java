package io.lfsbeam.io;

/**
 * Test main: takes the output lock of {@code args[0]}, prints "held", then per {@code args[1]}:
 * "wait" (until its stdin closes or it is killed), "exit" (System.exit(3) without closing it).
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    OutputLock lock = OutputLock.acquire(args[0], "lfs test-holder");
    System.out.println("held");
    System.out.flush();
    if (args[1].equals("exit")) {
      System.exit(3);
    }
    while (System.in.read() >= 0) {
      // until the parent closes our stdin or kills us
    }
    lock.close();
  }
}
