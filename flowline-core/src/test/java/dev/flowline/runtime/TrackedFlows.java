package dev.flowline.runtime;

import dev.flowline.FlowSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Test flows loaded as a task loads them: with their field accesses tracked ({@link
 * FieldAccessInstrumenter}), by a loader of their own (the test flows' package is not a user
 * package to {@link TaskClassLoader}).
 */
final class TrackedFlows extends ClassLoader {
  private static final String PACKAGE = "dev.flowline.runtime.flows.";

  private final FieldAccessInstrumenter instrumenter = new FieldAccessInstrumenter(this::bytes);

  private TrackedFlows() {
    super("tracked-test-flows", TrackedFlows.class.getClassLoader());
  }

  /** A tracked copy of {@code flowClass} (a class of the test flows' package). */
  static <F extends FlowSpec> Class<? extends FlowSpec> load(Class<F> flowClass) {
    try {
      return Class.forName(flowClass.getName(), true, new TrackedFlows())
          .asSubclass(FlowSpec.class);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      if (!name.startsWith(PACKAGE)) {
        return super.loadClass(name, resolve);
      }
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        byte[] code = instrumenter.instrument(bytes(name.replace('.', '/')));
        c = defineClass(name, code, 0, code.length);
      }
      return c;
    }
  }

  private byte[] bytes(String internalName) {
    try (InputStream in = getParent().getResourceAsStream(internalName + ".class")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
