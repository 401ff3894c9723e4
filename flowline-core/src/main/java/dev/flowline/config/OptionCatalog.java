package dev.flowline.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every declared option, from the {@link OptionGroup}s on the class path (or given explicitly in
 * tests). Keys are unique across groups.
 */
public final class OptionCatalog {
  private final List<OptionGroup> groups;
  private final Map<String, ConfigOption<?>> byKey;

  private OptionCatalog(List<OptionGroup> groups) {
    this.groups = List.copyOf(groups);
    Map<String, ConfigOption<?>> keys = new LinkedHashMap<>();
    Map<String, OptionGroup> owner = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    for (OptionGroup g : this.groups) {
      for (ConfigOption<?> o : g.options()) {
        OptionGroup first = owner.putIfAbsent(o.key(), g);
        if (first != null) {
          duplicates.add(
              o.key()
                  + " is declared by both "
                  + first.getClass().getName()
                  + " and "
                  + g.getClass().getName());
        }
        keys.putIfAbsent(o.key(), o);
      }
    }
    if (!duplicates.isEmpty()) {
      throw new IllegalStateException(
          "configuration options must be declared once: "
              + String.join("; ", duplicates)
              + ". Remove one declaration, or reuse the other group's constant.");
    }
    this.byKey = Map.copyOf(keys);
  }

  /** The groups registered with {@link ServiceLoader} on the class path, sorted by title. */
  public static OptionCatalog load() {
    return load(Thread.currentThread().getContextClassLoader());
  }

  /**
   * The groups registered with {@link ServiceLoader} visible from {@code loader}, sorted by title.
   */
  public static OptionCatalog load(ClassLoader loader) {
    List<OptionGroup> found = new ArrayList<>();
    ServiceLoader.load(OptionGroup.class, loader).forEach(found::add);
    found.sort(Comparator.comparing(OptionGroup::title));
    return new OptionCatalog(found);
  }

  /** Exactly these groups, in this order. */
  public static OptionCatalog of(List<OptionGroup> groups) {
    return new OptionCatalog(groups);
  }

  /** The groups. */
  public List<OptionGroup> groups() {
    return groups;
  }

  /** Every option, group by group. */
  public List<ConfigOption<?>> options() {
    return groups.stream().flatMap(g -> g.options().stream()).toList();
  }

  /** The option with full key {@code key}, if declared. */
  public Optional<ConfigOption<?>> option(String key) {
    return Optional.ofNullable(byKey.get(key));
  }
}
