package dev.flowline.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The known {@link DecoratorType}s by name: what {@code --with} accepts. Built with {@link #load}
 * from the {@code ServiceLoader} registrations on a class path, or with {@link #of} in tests.
 */
public final class DecoratorRegistry {
  private final Map<String, DecoratorType> byName;

  private DecoratorRegistry(Map<String, DecoratorType> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /**
   * The decorator types registered in {@code META-INF/services/dev.flowline.model.DecoratorType}
   * visible to {@code loader}.
   *
   * @throws IllegalStateException when two registrations use the same name
   */
  public static DecoratorRegistry load(ClassLoader loader) {
    return of(
        ServiceLoader.load(DecoratorType.class, loader).stream()
            .map(ServiceLoader.Provider::get)
            .toList());
  }

  /**
   * A registry of exactly {@code types}.
   *
   * @throws IllegalStateException when two types use the same name (names both)
   */
  public static DecoratorRegistry of(List<? extends DecoratorType> types) {
    var byName = new TreeMap<String, DecoratorType>();
    for (DecoratorType type : types) {
      DecoratorType previous = byName.putIfAbsent(type.name(), type);
      if (previous != null) {
        throw new IllegalStateException(
            "decorator '"
                + type.name()
                + "' is registered twice: by "
                + previous.getClass().getName()
                + " and by "
                + type.getClass().getName()
                + ". Remove one of the two entries from META-INF/services/dev.flowline.model.DecoratorType.");
      }
    }
    return new DecoratorRegistry(byName);
  }

  /** The type named {@code name}, if registered. */
  public Optional<DecoratorType> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The registered names, sorted. */
  public Set<String> names() {
    return byName.keySet();
  }
}
