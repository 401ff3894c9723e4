package dev.flowline.kubernetes;

import dev.flowline.config.ConfigOption;
import dev.flowline.config.InvalidValueException;
import dev.flowline.config.Problem;
import dev.flowline.config.ResolvedOption;
import dev.flowline.config.Settings;
import dev.flowline.kubernetes.config.KubernetesTypes;
import dev.flowline.model.DecoratorSpec;
import dev.flowline.model.ResolvedDecorator;
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
 * A step's {@code @Kubernetes} parameters as the model resolved them ({@link
 * dev.flowline.model.ResolvedDecorator}: the annotation wins per attribute over {@code --with
 * kubernetes}), read with the configuration as fallback; every unreadable value becomes a {@link
 * Problem} in {@link #problems} instead of an exception, naming where the value came from. One
 * instance per resolution of a step ({@link StepSettingsResolver}).
 */
final class ParameterSources {
  // Overrides are logged under the resolver's name, as they were before this class was split out.
  private static final Logger LOG = LoggerFactory.getLogger(StepSettingsResolver.class);

  final String step;
  final List<Problem> problems = new ArrayList<>();
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, DecoratorSpec.Origin> origins;
  private final Settings settings;

  ParameterSources(Settings settings, StepModel step) {
    this.settings = settings;
    this.step = step.name();
    Optional<ResolvedDecorator> resolved =
        step.resolved().decorator(StepSettingsResolver.DECORATOR);
    this.origins = resolved.map(ResolvedDecorator::origins).orElse(Map.of());
    resolved.ifPresent(
        r ->
            r.attributes()
                .forEach(
                    (k, v) ->
                        values.put(
                            k,
                            r.origins().get(k) == DecoratorSpec.Origin.COMMAND_LINE
                                ? commandLineText(v)
                                : v)));
    for (String k : values.keySet()) {
      if (!StepSettingsResolver.PARAMETERS.contains(k)) {
        problems.add(
            new Problem(
                subject(k),
                String.valueOf(values.get(k)),
                "is not a parameter of @Kubernetes (valid: "
                    + String.join(", ", StepSettingsResolver.PARAMETERS.stream().sorted().toList())
                    + ")",
                "--with kubernetes:cpu=2,memory=8192"));
      }
    }
  }

  private String subject(String param) {
    return "step '"
        + step
        + "': "
        + (origins.get(param) == DecoratorSpec.Origin.COMMAND_LINE
            ? "--with kubernetes:" + param
            : "@Kubernetes(" + param + ")");
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

  /**
   * Where the effective value of {@code param} comes from, as problems about the step name it: the
   * step's annotation or {@code --with} when it sets {@code param}, else {@code option} and its
   * source, e.g. {@code step 'train': METAFLOW_KUBERNETES_OOM_MEMORY_MAX (from env)}.
   */
  String where(String param, ConfigOption<?> option) {
    if (values.containsKey(param)) {
      return subject(param);
    }
    return "step '"
        + step
        + "': "
        + option.key()
        + " (from "
        + settings.entry(option).source()
        + ")";
  }

  /** The step's value of {@code param} (annotation, else {@code --with}), if set. */
  <T> Optional<T> explicit(String param, Function<Object, T> reader) {
    return read(values, subject(param), param, reader);
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
            origins.get(param) == DecoratorSpec.Origin.COMMAND_LINE ? "--with" : "@Kubernetes",
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
    explicit(param, reader).ifPresent(out::putAll);
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
