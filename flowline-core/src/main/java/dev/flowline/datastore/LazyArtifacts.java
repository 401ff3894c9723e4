package dev.flowline.datastore;

import dev.flowline.datastore.cas.ArtifactRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The artifacts of one task attempt, each loaded from the content store on first access and then
 * kept. Not thread-safe: one task (or client object) owns it.
 */
public final class LazyArtifacts {
  private final ContentStore cas;
  private final ArtifactIndex index;
  private final ClassLoader loader;
  private final Map<String, Object> loaded = new HashMap<>();

  /** A view of {@code index}. */
  public LazyArtifacts(ContentStore cas, ArtifactIndex index, ClassLoader loader) {
    this.cas = cas;
    this.index = index;
    this.loader = loader;
  }

  /** The index behind the view. */
  public ArtifactIndex index() {
    return index;
  }

  /** The artifact names. */
  public Set<String> names() {
    return index.names();
  }

  /** Whether artifact {@code name} exists. */
  public boolean contains(String name) {
    return index.artifacts().containsKey(name);
  }

  /**
   * The reference of {@code name}. @throws java.util.NoSuchElementException naming the known
   * artifacts
   */
  public ArtifactRef ref(String name) {
    return index.get(name);
  }

  /**
   * The value of {@code name}, loaded on first access.
   *
   * @throws java.util.NoSuchElementException naming the known artifacts
   * @throws UncheckedIOException when it cannot be read (e.g. corrupt)
   */
  public Object get(String name) {
    if (loaded.containsKey(name)) {
      return loaded.get(name);
    }
    ArtifactRef ref = index.get(name);
    try {
      Object value = cas.load(name, ref, loader);
      loaded.put(name, value);
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code name} was loaded already. */
  public boolean isLoaded(String name) {
    return loaded.containsKey(name);
  }
}
