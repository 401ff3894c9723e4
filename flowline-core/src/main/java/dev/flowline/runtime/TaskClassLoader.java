package dev.flowline.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A class loader for one task: classes found in the user's class path entries are loaded here
 * first, so each task gets fresh copies of the user's classes (and their static state); everything
 * else comes from the parent (Flowline, the JDK, libraries).
 *
 * <p>The loaders of one worker share what the parent answers for {@code META-INF/services/} files:
 * every task looks up the same services (datastores, serializers, decorators), and asking the
 * parent means a look into every jar of the class path each time.
 */
public final class TaskClassLoader extends URLClassLoader {
  static {
    ClassLoader.registerAsParallelCapable();
  }

  /** The name of every task loader, as stack frames of user code show it. */
  static final String NAME = "flowline-task";

  private static final String SERVICES = "META-INF/services/";

  private final Map<String, List<URL>> parentServices;

  /** A loader over {@code userClassPath} whose other classes come from {@code parent}. */
  public TaskClassLoader(URL[] userClassPath, ClassLoader parent) {
    this(userClassPath, parent, new ConcurrentHashMap<>());
  }

  /**
   * A loader that shares {@code parentServices} (the parent's service files, by name) with the
   * other loaders over the same parent.
   */
  public TaskClassLoader(
      URL[] userClassPath, ClassLoader parent, Map<String, List<URL>> parentServices) {
    super(NAME, userClassPath, parent);
    this.parentServices = parentServices;
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
    // Flowline's own classes must be shared with the runtime even when a user's jar bundles them;
    // other dev.flowline classes (example and benchmark flows) are not on the worker's class path
    // (JvmCommand leaves the user's entries out), so they still come from the user's entries
    return !name.startsWith("dev.flowline.");
  }

  @Override
  public URL getResource(String name) {
    URL own = findResource(name);
    return own != null ? own : super.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    if (!name.startsWith(SERVICES) || getParent() == null) {
      return super.getResources(name);
    }
    List<URL> fromParent;
    try {
      fromParent =
          parentServices.computeIfAbsent(
              name,
              n -> {
                try {
                  return List.copyOf(Collections.list(getParent().getResources(n)));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    // the parent's first, as ClassLoader.getResources orders them
    var all = new ArrayList<>(fromParent);
    all.addAll(Collections.list(findResources(name)));
    return Collections.enumeration(all);
  }
}
