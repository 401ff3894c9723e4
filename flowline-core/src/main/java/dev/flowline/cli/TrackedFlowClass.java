package dev.flowline.cli;

import dev.flowline.FlowSpec;
import dev.flowline.internal.FieldAccess;
import dev.flowline.runtime.TaskClassLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The flow class a task runs: one whose field assignments are tracked. A warm worker already loads
 * it through a {@link TaskClassLoader}; a task run by the {@code step} command in a JVM of its own
 * (a step with {@code @Environment}, a pod) loads it again through one here.
 */
final class TrackedFlowClass implements AutoCloseable {
  private final Class<? extends FlowSpec> flowClass;
  private final TaskClassLoader loader;

  private TrackedFlowClass(Class<? extends FlowSpec> flowClass, TaskClassLoader loader) {
    this.flowClass = flowClass;
    this.loader = loader;
  }

  /** The tracked class of {@code flow}, loaded again from its code location when needed. */
  static TrackedFlowClass of(FlowResolver.ResolvedFlow flow) {
    Class<? extends FlowSpec> type = flow.flowClass();
    if (FieldAccess.isTracked(type)) {
      return new TrackedFlowClass(type, null);
    }
    if (flow.userClassPath().isEmpty()) {
      throw new IllegalStateException(
          "the code location of flow class "
              + type.getName()
              + " is unknown, so its classes cannot be loaded for a task; put the flow in a jar or"
              + " class folder on the class path");
    }
    URL[] urls = flow.userClassPath().stream().map(TrackedFlowClass::url).toArray(URL[]::new);
    var loader = new TaskClassLoader(urls, type.getClassLoader());
    try {
      return new TrackedFlowClass(
          Class.forName(type.getName(), true, loader).asSubclass(FlowSpec.class), loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "flow class " + type.getName() + " is not in " + flow.userClassPath(), e);
    }
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("bad class path entry " + p, e);
    }
  }

  Class<? extends FlowSpec> flowClass() {
    return flowClass;
  }

  @Override
  public void close() {
    if (loader != null) {
      try {
        loader.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
