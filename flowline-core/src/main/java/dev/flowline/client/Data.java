package dev.flowline.client;

import dev.flowline.datastore.ArtifactIndex;
import dev.flowline.datastore.LazyArtifacts;
import java.util.Set;

/**
 * The artifacts of one task attempt (or the parameter values of a run), each loaded on first
 * access: {@code data.get("greeting")}.
 */
public final class Data {
  private final String owner;
  private final LazyArtifacts artifacts;

  /**
   * @param owner what the artifacts belong to, for messages: {@code task F/r/s/t}
   */
  Data(String owner, LazyArtifacts artifacts) {
    this.owner = owner;
    this.artifacts = artifacts;
  }

  ArtifactIndex index() {
    return artifacts.index();
  }

  LazyArtifacts artifacts() {
    return artifacts;
  }

  /** Every artifact name, sorted (internal ones start with '_'). */
  public Set<String> names() {
    return artifacts.names();
  }

  /** Whether there is an artifact {@code name}. */
  public boolean contains(String name) {
    return artifacts.contains(name);
  }

  /** The value of {@code name}. @throws FlowlineNotFoundException listing the artifacts */
  public Object get(String name) {
    if (!contains(name)) {
      throw new FlowlineNotFoundException(
          owner + " has no artifact '" + name + "'; its artifacts are " + names());
    }
    return artifacts.get(name);
  }

  /**
   * The value of {@code name} as {@code type} (a primitive type means its wrapper).
   *
   * @throws ClassCastException naming the artifact, its stored type and the type asked for
   */
  public <T> T get(String name, Class<T> type) {
    Object value = get(name);
    Class<?> boxed = box(type);
    if (value != null && !boxed.isInstance(value)) {
      throw new ClassCastException(
          "artifact '"
              + name
              + "' of "
              + owner
              + " is a "
              + value.getClass().getName()
              + ", not a "
              + type.getName());
    }
    @SuppressWarnings("unchecked")
    T t = (T) value;
    return t;
  }

  private static Class<?> box(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
  }

  @Override
  public String toString() {
    return "Data(" + owner + ": " + names() + ")";
  }
}
