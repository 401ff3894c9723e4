package dev.flowline.client;

import dev.flowline.datastore.cas.ArtifactRef;

/** One artifact of a task: its content key, size and type, and its value on demand. */
public final class Artifact {
  private final String pathspec;
  private final String name;
  private final Data data;

  Artifact(String pathspec, String name, Data data) {
    this.pathspec = pathspec;
    this.name = name;
    this.data = data;
  }

  /** The artifact (field) name. */
  public String name() {
    return name;
  }

  /** {@code Flow/run/step/task/name}. */
  public String pathspec() {
    return pathspec;
  }

  private ArtifactRef ref() {
    return data.artifacts().ref(name);
  }

  /** The content key: SHA-256 of the serialized value. */
  public String sha() {
    return ref().sha();
  }

  /** The serialized size in bytes. */
  public long size() {
    return ref().size();
  }

  /** The value's class name when stored. */
  public String type() {
    return ref().type();
  }

  /** The serializer's encoding label. */
  public String encoding() {
    return ref().encoding();
  }

  /** The value (loaded on first access). */
  public Object value() {
    return data.get(name);
  }

  /** The value as {@code type}. */
  public <T> T value(Class<T> type) {
    return data.get(name, type);
  }

  @Override
  public String toString() {
    return "Artifact('" + pathspec + "', " + type() + ", " + size() + " bytes)";
  }
}
