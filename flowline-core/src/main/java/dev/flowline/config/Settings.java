package dev.flowline.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Every option of a catalog resolved once against a {@link Config}: typed values with their source,
 * and every problem found. Lookup order per key is Metaflow's: the environment, then the project's
 * {@code .metaflow/config.json}, then the profile file, then the option's default.
 *
 * <p>{@link #resolve} never throws for bad values: it records them as problems so that all are
 * reported together; {@link #load} (and {@link #requireValid}) fail with every problem at once.
 */
public final class Settings {
  private final Config config;
  private final Map<String, ResolvedOption<?>> resolved;

  private Settings(Config config, Map<String, ResolvedOption<?>> resolved) {
    this.config = config;
    this.resolved = resolved;
  }

  /** Resolves every option of {@code catalog}; invalid values become {@link #problems()}. */
  public static Settings resolve(Config config, OptionCatalog catalog) {
    Map<String, ResolvedOption<?>> map = new LinkedHashMap<>();
    Settings partial = new Settings(config, map);
    List<ConfigOption<?>> derived = new ArrayList<>();
    for (ConfigOption<?> o : catalog.options()) {
      if (o.derivedDefault().isPresent() && config.lookup(o.key()).isEmpty()) {
        derived.add(o);
        map.put(o.key(), null);
      } else {
        map.put(o.key(), resolveOne(config, o, partial));
      }
    }
    for (ConfigOption<?> o : derived) {
      map.put(o.key(), resolveOne(config, o, partial));
    }
    return new Settings(config, Collections.unmodifiableMap(map));
  }

  /**
   * Resolves every option of {@code catalog} and fails if any value is invalid.
   *
   * @throws ConfigValidationException listing every problem
   */
  public static Settings load(Config config, OptionCatalog catalog) {
    return resolve(config, catalog).requireValid();
  }

  /** This, if there are no problems. @throws ConfigValidationException listing every problem */
  public Settings requireValid() {
    List<Problem> problems = problems();
    if (!problems.isEmpty()) {
      throw new ConfigValidationException(problems);
    }
    return this;
  }

  /** Every problem, in catalog order. */
  public List<Problem> problems() {
    return resolved.values().stream().flatMap(r -> r.problem().stream()).toList();
  }

  /** Every resolved option, in catalog order. */
  public List<ResolvedOption<?>> entries() {
    return List.copyOf(resolved.values());
  }

  /** The configuration the values were read from. */
  public Config config() {
    return config;
  }

  /**
   * The value of {@code option}, if set or defaulted and valid. An option missing from the catalog
   * is resolved on the spot.
   */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> find(ConfigOption<T> option) {
    ResolvedOption<?> r = resolved.get(option.key());
    if (r == null) {
      r = resolveOne(config, option, this);
    }
    return ((ResolvedOption<T>) r).value();
  }

  /**
   * The value of {@code option}. @throws NoSuchElementException if unset with no default, or
   * invalid
   */
  public <T> T get(ConfigOption<T> option) {
    return find(option)
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    option.key()
                        + " has no valid value and no default; set it or check problems() first"));
  }

  /** The resolved entry of {@code option}, resolving it on the spot if it is not in the catalog. */
  @SuppressWarnings("unchecked")
  public <T> ResolvedOption<T> entry(ConfigOption<T> option) {
    ResolvedOption<?> r = resolved.get(option.key());
    return (ResolvedOption<T>) (r != null ? r : resolveOne(config, option, this));
  }

  private static <T> ResolvedOption<T> resolveOne(
      Config config, ConfigOption<T> option, Settings partial) {
    Optional<ConfigValue> found = config.lookup(option.key());
    if (found.isPresent()) {
      ConfigValue raw = found.get();
      try {
        T value = option.parse(raw.value());
        return new ResolvedOption<>(
            option, Optional.of(value), raw.source(), Optional.of(raw.value()), Optional.empty());
      } catch (InvalidValueException e) {
        String subject = option.key() + " (from " + raw.source() + ")";
        return new ResolvedOption<>(
            option,
            Optional.empty(),
            raw.source(),
            Optional.of(raw.value()),
            Optional.of(Problem.of(subject, raw.value(), option.secret(), e)));
      }
    }
    if (option.derivedDefault().isPresent()) {
      Optional<T> v = option.derivedDefault().get().apply(partial);
      return new ResolvedOption<>(
          option,
          v,
          v.isPresent() ? ResolvedOption.DEFAULT : ResolvedOption.UNSET,
          Optional.empty(),
          Optional.empty());
    }
    return new ResolvedOption<>(
        option,
        option.defaultValue(),
        option.defaultValue().isPresent() ? ResolvedOption.DEFAULT : ResolvedOption.UNSET,
        Optional.empty(),
        Optional.empty());
  }
}
