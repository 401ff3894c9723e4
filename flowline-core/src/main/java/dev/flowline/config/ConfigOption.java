package dev.flowline.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration option, declared once: its full key ({@code METAFLOW_...}), how its text is
 * parsed, its default, documentation, extra checks and whether its value is secret. Options are
 * grouped by area in {@link OptionGroup}s; values are resolved by {@link Settings}.
 *
 * <pre>{@code
 * static final ConfigOption<Long> PORT =
 *     ConfigOption.builder("METAFLOW_KUBERNETES_PORT", ValueType.integer(1, 65535))
 *         .doc("Container port to expose.")
 *         .build();
 * }</pre>
 *
 * @param <T> the type of the parsed value
 */
public final class ConfigOption<T> {
  private final String key;
  private final ValueType<T> type;
  private final Optional<T> defaultValue;
  private final Optional<Function<Settings, Optional<T>>> derivedDefault;
  private final String defaultText;
  private final String doc;
  private final boolean secret;
  private final boolean forwarded;
  private final String since;
  private final List<Check<T>> checks;

  private ConfigOption(Builder<T> b) {
    this.key = b.key;
    this.type = b.type;
    this.defaultValue = Optional.ofNullable(b.defaultValue);
    this.derivedDefault = Optional.ofNullable(b.derivedDefault);
    this.doc = b.doc;
    this.secret = b.secret;
    this.forwarded = b.forwarded;
    this.since = b.since;
    this.checks = List.copyOf(b.checks);
    if (b.defaultText != null) {
      this.defaultText = b.defaultText;
    } else {
      this.defaultText = defaultValue.map(type::format).orElse("");
    }
  }

  /**
   * Starts declaring an option with full key {@code key} ({@code METAFLOW_...}) and value type
   * {@code type}.
   */
  public static <T> Builder<T> builder(String key, ValueType<T> type) {
    return new Builder<>(key, type);
  }

  /** The full key, e.g. {@code METAFLOW_KUBERNETES_NAMESPACE}. */
  public String key() {
    return key;
  }

  /** The value type. */
  public ValueType<T> type() {
    return type;
  }

  /** The fixed default, if any. */
  public Optional<T> defaultValue() {
    return defaultValue;
  }

  /** A default computed from other resolved options, if declared. */
  Optional<Function<Settings, Optional<T>>> derivedDefault() {
    return derivedDefault;
  }

  /** The default as the docs show it; empty when there is none. */
  public String defaultText() {
    return defaultText;
  }

  /** What the option does, one or two sentences. */
  public String doc() {
    return doc;
  }

  /** Whether the value is a credential that must never be shown. */
  public boolean secret() {
    return secret;
  }

  /**
   * Whether remote tasks (Kubernetes pods, Argo templates) get the value as an environment variable
   * of the same name when it is set. Secret options are never forwarded in plain text.
   */
  public boolean forwarded() {
    return forwarded && !secret;
  }

  /** The Flowline version that introduced the option. */
  public String since() {
    return since;
  }

  /**
   * Parses and checks {@code text}.
   *
   * @throws InvalidValueException naming the broken rule
   */
  public T parse(String text) {
    T value = type.parse(text);
    for (Check<T> c : checks) {
      if (!c.ok().test(value)) {
        throw new InvalidValueException(c.rule(), c.example());
      }
    }
    return value;
  }

  @Override
  public String toString() {
    return key;
  }

  /** An extra rule beyond the type's own. */
  private record Check<T>(Predicate<T> ok, String rule, String example) {}

  /**
   * Builds a {@link ConfigOption}.
   *
   * @param <T> the type of the parsed value
   */
  public static final class Builder<T> {
    private final String key;
    private final ValueType<T> type;
    private T defaultValue;
    private Function<Settings, Optional<T>> derivedDefault;
    private String defaultText;
    private String doc = "";
    private boolean secret;
    private boolean forwarded;
    private String since = "0.1";
    private final List<Check<T>> checks = new ArrayList<>();

    private Builder(String key, ValueType<T> type) {
      if (!key.matches("METAFLOW_[A-Z0-9_]+")) {
        throw new IllegalArgumentException(
            "option key '"
                + key
                + "' must look like METAFLOW_SOME_NAME (upper case, digits, underscores)");
      }
      this.key = key;
      this.type = Objects.requireNonNull(type);
    }

    /** The value used when the option is set nowhere. */
    public Builder<T> defaultValue(T value) {
      this.defaultValue = value;
      return this;
    }

    /** A default computed from other options (e.g. "same as METAFLOW_KUBERNETES_NAMESPACE"). */
    public Builder<T> derivedDefault(Function<Settings, Optional<T>> fn, String text) {
      this.derivedDefault = fn;
      this.defaultText = text;
      return this;
    }

    /**
     * How the docs show the default, when the value itself would mislead (e.g. it depends on the
     * JVM).
     */
    public Builder<T> defaultText(String text) {
      this.defaultText = text;
      return this;
    }

    /** The documentation. */
    public Builder<T> doc(String text) {
      this.doc = text;
      return this;
    }

    /** Marks the value as a credential: it is masked wherever it is shown. */
    public Builder<T> secret() {
      this.secret = true;
      return this;
    }

    /**
     * Forwards the value, when set, to remote tasks as an environment variable (never for secrets).
     */
    public Builder<T> forwarded() {
      this.forwarded = true;
      return this;
    }

    /** The Flowline version that introduced the option. */
    public Builder<T> since(String version) {
      this.since = version;
      return this;
    }

    /**
     * An extra rule: values failing {@code ok} are rejected with {@code rule} and {@code example}.
     */
    public Builder<T> check(Predicate<T> ok, String rule, String example) {
      checks.add(new Check<>(ok, rule, example));
      return this;
    }

    /** The option. */
    public ConfigOption<T> build() {
      return new ConfigOption<>(this);
    }
  }
}
