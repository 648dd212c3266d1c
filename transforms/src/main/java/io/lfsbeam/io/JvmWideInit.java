package io.lfsbeam.io;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.FutureTask;

/**
 * Runs a call that may set up JVM-wide state (a library's background thread, the JDK's ImageIO
 * registry) from a thread and a stack that hold none of the job's classes.
 *
 * <p>Why: a thread keeps, for its whole life, the access context of the code that created it (the
 * protection domains of every class on the creating stack), and ImageIO's registry keeps the access
 * context of the code that first filled it. When that code is a job's, on a Flink session cluster,
 * the job's protection domain, and with it its class loader and all its classes, stays reachable
 * for the TaskManager's life: JNA's cleaner thread kept the first job that called into JNA,
 * JavaCPP's deallocator thread the first that loaded TensorFlow, ImageIO's registry the first that
 * decoded an image, and which job was first differed from TaskManager to TaskManager (a replacement
 * TaskManager that had run only searches kept one more job at its first preprocess). So such calls
 * run here instead: on a worker of a fresh {@link ForkJoinPool} (the JDK creates its workers inside
 * its own privileged block, with the system class loader as their context loader), through a proxy
 * the JDK makes around a {@link MethodHandle}, so the worker's stack holds only JDK frames and the
 * target's own. {@code JvmWideInitTest} starts a fresh JVM per case and sees the job's loader
 * collected this way and kept when the same call is made from the job's code.
 *
 * <p>The target must be the library's own method (a {@code MethodHandles.Lookup} handle to it,
 * arguments bound), not a lambda of the job: a lambda's class is the job's. It runs with the system
 * class loader as context loader.
 */
public final class JvmWideInit {
  private JvmWideInit() {}

  /**
   * Calls {@code target} (no arguments left unbound) on a fresh thread and returns its result;
   * whatever it throws is rethrown as it is.
   */
  @SuppressWarnings("unchecked")
  public static <T> T call(MethodHandle target) {
    Callable<Object> proxy = proxy(target);
    FutureTask<Object> task = new FutureTask<>(proxy);
    ForkJoinPool pool = new ForkJoinPool(1);
    try {
      pool.execute(task);
      return (T) task.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting up " + target, e);
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Calls the public static method {@code owner.name} of type {@code type} with {@code args}
   * through {@link #call}.
   */
  public static <T> T callStatic(Class<?> owner, String name, MethodType type, Object... args) {
    MethodHandle method;
    try {
      method = MethodHandles.publicLookup().findStatic(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("no public static " + owner.getName() + "." + name + type, e);
    }
    return call(MethodHandles.insertArguments(method, 0, args));
  }

  /**
   * The JDK defines the proxy class in the context class loader when the interface is the JDK's:
   * the system loader here, so no class of the proxy belongs to the job either.
   */
  @SuppressWarnings("unchecked")
  private static Callable<Object> proxy(MethodHandle target) {
    Thread current = Thread.currentThread();
    ClassLoader context = current.getContextClassLoader();
    current.setContextClassLoader(ClassLoader.getSystemClassLoader());
    try {
      return MethodHandleProxies.asInterfaceInstance(Callable.class, target);
    } finally {
      current.setContextClassLoader(context);
    }
  }
}
