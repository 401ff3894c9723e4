package dev.flowline.datastore.serde;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The ordered set of {@link ArtifactSerializer}s: the built-ins plus those found with
 * ServiceLoader.
 */
public final class Serializers {
  private final List<ArtifactSerializer> ordered;
  private final Map<String, ArtifactSerializer> byEncoding;

  private Serializers(
      List<ArtifactSerializer> ordered, Map<String, ArtifactSerializer> byEncoding) {
    this.ordered = ordered;
    this.byEncoding = byEncoding;
  }

  /**
   * The built-in serializers: {@code byte[]}, {@code String}, primitive arrays, Java serialization.
   */
  public static List<ArtifactSerializer> builtIns() {
    return List.of(
        new BytesSerializer(),
        new StringSerializer(),
        new PrimitiveArraySerializer(),
        new JavaSerializer());
  }

  /** The built-ins only. */
  public static Serializers defaults() {
    return of(builtIns());
  }

  /**
   * The built-ins plus the serializers registered for {@code loader}.
   *
   * @throws IllegalStateException when two serializers claim the same encoding
   */
  public static Serializers discover(ClassLoader loader) {
    List<ArtifactSerializer> all = new ArrayList<>(builtIns());
    ServiceLoader.load(ArtifactSerializer.class, loader).forEach(all::add);
    return of(all);
  }

  /**
   * Exactly {@code serializers}, ordered by priority (stable for equal priorities).
   *
   * @throws IllegalStateException when two serializers claim the same encoding, naming both
   */
  public static Serializers of(List<? extends ArtifactSerializer> serializers) {
    Map<String, ArtifactSerializer> byEncoding = new HashMap<>();
    List<String> clashes = new ArrayList<>();
    for (ArtifactSerializer s : serializers) {
      ArtifactSerializer previous = byEncoding.putIfAbsent(s.encoding(), s);
      if (previous != null && previous.getClass() != s.getClass()) {
        clashes.add(
            "artifact encoding '"
                + s.encoding()
                + "' is claimed by both "
                + previous.getClass().getName()
                + " and "
                + s.getClass().getName());
      }
    }
    if (!clashes.isEmpty()) {
      throw new IllegalStateException(
          String.join("; ", clashes)
              + ". Give each ArtifactSerializer its own encoding() label, or remove the duplicate"
              + " META-INF/services/dev.flowline.datastore.serde.ArtifactSerializer entry.");
    }
    List<ArtifactSerializer> ordered = new ArrayList<>(byEncoding.values());
    List<ArtifactSerializer> inGivenOrder = new ArrayList<>();
    for (ArtifactSerializer s : serializers) {
      if (ordered.contains(s)) {
        inGivenOrder.add(s);
      }
    }
    inGivenOrder.sort(Comparator.comparingInt(ArtifactSerializer::priority));
    return new Serializers(List.copyOf(inGivenOrder), Map.copyOf(byEncoding));
  }

  /** The serializers in the order they are asked. */
  public List<ArtifactSerializer> ordered() {
    return ordered;
  }

  /** The first serializer that handles {@code value}, if any. */
  public Optional<ArtifactSerializer> forValue(Object value) {
    for (ArtifactSerializer s : ordered) {
      if (s.canSerialize(value)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The serializer that wrote {@code encoding}, if known. */
  public Optional<ArtifactSerializer> forEncoding(String encoding) {
    return Optional.ofNullable(byEncoding.get(encoding));
  }
}
