package dev.flowline.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A class loader for one task: classes found in the user's class path entries are loaded here
 * first, so each task gets fresh copies of the user's classes (and their static state); everything
 * else comes from the parent (Flowline, the JDK, libraries). The reads and assignments of flow
 * fields in the user's classes are tracked ({@link FieldAccessInstrumenter}), so the task knows
 * which artifacts its step assigned.
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
  private final FieldAccessInstrumenter instrumenter =
      new FieldAccessInstrumenter(this::classBytes);

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

  /**
   * Defines a user class from this loader's class path, with its flow field accesses tracked
   * ({@link FieldAccessInstrumenter}).
   */
  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    String path = name.replace('.', '/') + ".class";
    URL url = findResource(path);
    if (url == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = url.openStream()) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name + ": cannot read " + url + ": " + e.getMessage(), e);
    }
    byte[] code = instrumenter.instrument(bytes);
    int dot = name.lastIndexOf('.');
    if (dot > 0 && getDefinedPackage(name.substring(0, dot)) == null) {
      try {
        definePackage(name.substring(0, dot), null, null, null, null, null, null, null);
      } catch (IllegalArgumentException raced) {
        // defined meanwhile by another thread: fine
      }
    }
    var source = new CodeSource(codeBase(url, path), (CodeSigner[]) null);
    return defineClass(name, code, 0, code.length, source);
  }

  /** The class path entry that holds {@code url} (a resource at {@code path} below it). */
  private URL codeBase(URL url, String path) {
    String text = url.toString();
    for (URL entry : getURLs()) {
      String base = entry.toString();
      if (text.equals("jar:" + base + "!/" + path) || text.equals(base + path)) {
        return entry;
      }
    }
    return url;
  }

  /** The class file of internal name {@code internalName}, from here or the parent, or null. */
  private byte[] classBytes(String internalName) {
    try (InputStream in = getResourceAsStream(internalName + ".class")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Flowline's own packages (this module's): always taken from the parent, even when a user's jar
   * bundles them, so the runtime and the task share one FlowSpec and one datastore API.
   */
  private static final Set<String> FRAMEWORK_PACKAGES =
      Set.of(
          "dev.flowline",
          "dev.flowline.cli",
          "dev.flowline.client",
          "dev.flowline.config",
          "dev.flowline.datastore",
          "dev.flowline.datastore.cas",
          "dev.flowline.datastore.serde",
          "dev.flowline.graph",
          "dev.flowline.internal",
          "dev.flowline.metadata",
          "dev.flowline.model",
          "dev.flowline.model.builtin",
          "dev.flowline.runtime");

  /**
   * Whether {@code name} is loaded from the user's class path first (when it is there): every class
   * but the JDK's and Flowline core's. Other classes found there (the flow, its types, libraries it
   * bundles) are the user's, whichever package they are in.
   */
  private static boolean isUserClass(String name) {
    if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")) {
      return false;
    }
    int dot = name.lastIndexOf('.');
    return dot < 0 || !FRAMEWORK_PACKAGES.contains(name.substring(0, dot));
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
