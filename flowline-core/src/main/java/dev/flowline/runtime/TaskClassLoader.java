package dev.flowline.runtime;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * A class loader for one task: classes found in the user's class path entries are loaded here
 * first, so each task gets fresh copies of the user's classes (and their static state); everything
 * else comes from the parent (Flowline, the JDK, libraries).
 */
public final class TaskClassLoader extends URLClassLoader {
  static {
    ClassLoader.registerAsParallelCapable();
  }

  /** A loader over {@code userClassPath} whose other classes come from {@code parent}. */
  public TaskClassLoader(URL[] userClassPath, ClassLoader parent) {
    super("flowline-task", userClassPath, parent);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null && isUserClass(name)) {
        try {
          c = findClass(name);
        } catch (ClassNotFoundException e) {
          c = null;
        }
      }
      if (c == null) {
        return super.loadClass(name, resolve);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  private static boolean isUserClass(String name) {
    if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")) {
      return false;
    }
    // Flowline's own classes must be shared with the runtime even when a user's jar bundles them
    return !name.startsWith("dev.flowline.") || name.startsWith("dev.flowline.examples.");
  }

  @Override
  public URL getResource(String name) {
    URL own = findResource(name);
    return own != null ? own : super.getResource(name);
  }
}
