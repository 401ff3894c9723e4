package dev.flowline.kubernetes;

import dev.flowline.config.ConfigOption;
import dev.flowline.config.InvalidValueException;
import dev.flowline.config.Problem;
import dev.flowline.config.ResolvedOption;
import dev.flowline.config.Settings;
import dev.flowline.kubernetes.config.KubernetesTypes;
import dev.flowline.model.DecoratorSpec;
import dev.flowline.model.StepModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two decorator sources of one step's {@code @Kubernetes} parameters (the annotation and {@code
 * --with kubernetes}), read with the configuration as fallback; every unreadable value becomes a
 * {@link Problem} in {@link #problems} instead of an exception. One instance per resolution of a
 * step ({@link StepSettingsResolver}).
 */
final class ParameterSources {
  // Overrides are logged under the resolver's name, as they were before this class was split out.
  private static final Logger LOG = LoggerFactory.getLogger(StepSettingsResolver.class);

  final String step;
  final Map<String, Object> annotation;
  final Map<String, Object> with;
  final List<Problem> problems = new ArrayList<>();
  private final Settings settings;

  ParameterSources(Settings settings, StepModel step) {
    this.settings = settings;
    this.step = step.name();
    this.annotation = attributes(step, DecoratorSpec.Origin.ANNOTATION);
    this.with = attributes(step, DecoratorSpec.Origin.COMMAND_LINE);
    for (String k : with.keySet()) {
      if (!StepSettingsResolver.PARAMETERS.contains(k)) {
        problems.add(
            new Problem(
                "step '" + this.step + "': --with kubernetes:" + k,
                String.valueOf(with.get(k)),
                "is not a parameter of @Kubernetes (valid: "
                    + String.join(", ", StepSettingsResolver.PARAMETERS.stream().sorted().toList())
                    + ")",
                "--with kubernetes:cpu=2,memory=8192"));
      }
    }
  }

  private Map<String, Object> attributes(StepModel step, DecoratorSpec.Origin origin) {
    Map<String, Object> m = new LinkedHashMap<>();
    step.decorators().stream()
        .filter(d -> d.name().equals(StepSettingsResolver.DECORATOR) && d.origin() == origin)
        .forEach(
            d ->
                d.attributes()
                    .forEach(
                        (k, v) ->
                            m.put(
                                k,
                                origin == DecoratorSpec.Origin.COMMAND_LINE
                                    ? commandLineText(v)
                                    : v)));
    return m;
  }

  /**
   * {@code --with kubernetes:labels="a=b,c=d"} arrives as a one-item list (the annotation member is
   * an array); as text it is read like the configuration key, a comma-separated list. JSON items
   * (an object, e.g. a toleration) stay as they are.
   */
  private static Object commandLineText(Object v) {
    if (v instanceof List<?> l
        && l.size() == 1
        && l.get(0) instanceof String text
        && !text.trim().startsWith("{")) {
      return text;
    }
    return v;
  }

  <T> Optional<T> fromAnnotation(String param, Function<Object, T> reader) {
    return read(annotation, "step '" + step + "': @Kubernetes(" + param + ")", param, reader);
  }

  <T> Optional<T> fromWith(String param, Function<Object, T> reader) {
    return read(with, "step '" + step + "': --with kubernetes:" + param, param, reader);
  }

  <T> Optional<T> explicit(String param, Function<Object, T> reader) {
    if (annotation.containsKey(param)) {
      return fromAnnotation(param, reader);
    }
    return fromWith(param, reader);
  }

  <T> Optional<T> optional(String param, Function<Object, T> reader, ConfigOption<T> option) {
    Optional<T> v = explicit(param, reader);
    if (v.isPresent()) {
      ResolvedOption<T> configured = settings.entry(option);
      if (!configured.source().equals(ResolvedOption.DEFAULT)
          && !configured.source().equals(ResolvedOption.UNSET)) {
        LOG.debug(
            "step {}: {} from {} overrides {}={} ({})",
            step,
            param,
            annotation.containsKey(param) ? "@Kubernetes" : "--with",
            option.key(),
            configured.shownValue(),
            configured.source());
      }
      return v;
    }
    return settings.find(option);
  }

  <T> T value(String param, Function<Object, T> reader, ConfigOption<T> option) {
    return optional(param, reader, option)
        .or(option::defaultValue)
        .orElseThrow(() -> new IllegalStateException(option.key() + " must declare a default"));
  }

  Map<String, String> merged(
      String param, boolean label, ConfigOption<Map<String, String>> option) {
    String kind = label ? "label" : "annotation";
    String example = label ? "\"team=ml\"" : "\"owner=ml-team\"";
    Function<Object, Map<String, String>> reader =
        v ->
            KubernetesTypes.checkKeyValues(
                kind, label, AttributeValues.keyValues(v, false, example), example);
    Map<String, String> out = new LinkedHashMap<>(settings.find(option).orElse(Map.of()));
    fromWith(param, reader).ifPresent(out::putAll);
    fromAnnotation(param, reader).ifPresent(out::putAll);
    return out;
  }

  private <T> Optional<T> read(
      Map<String, Object> source, String subject, String param, Function<Object, T> reader) {
    Object raw = source.get(param);
    if (raw == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(reader.apply(raw));
    } catch (InvalidValueException e) {
      String shown =
          raw instanceof List<?> l
              ? String.join(",", l.stream().map(String::valueOf).toList())
              : String.valueOf(raw);
      problems.add(Problem.of(subject, shown, false, e));
      return Optional.empty();
    }
  }
}
