package dev.flowline.model;

import dev.flowline.Retry;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A step's decorators resolved once, as typed records: what every back end (the local runtime,
 * {@code kubernetes render}, the Kubernetes launcher, the Argo compiler) reads. Nothing below the
 * model combines annotations and {@code --with} again: {@link ResolvedDecorator} holds the one rule
 * (the annotation wins per attribute). Defaults are those of the annotations ({@code @Retry} gives
 * 3 retries 2 minutes apart); a back end's own defaults (e.g. the Kubernetes cpu and memory) apply
 * only to what is absent here.
 *
 * <p>Decorators that belong to a back end ({@code kubernetes}, and later {@code parallel}, {@code
 * schedule}, {@code trigger}) are in {@link #byName}, resolved by the same rule; their module reads
 * them into its own typed settings.
 *
 * @param retry {@code @Retry}, if present
 * @param catches {@code @Catch}, if present
 * @param timeout the time limit of one attempt from {@code @Timeout}, if present and positive
 * @param resources {@code @Resources} as written (absent attributes are empty)
 * @param environment {@code @Environment(vars)} as a map, in the order written
 * @param invalidEnvironment {@code vars} items that are not {@code NAME=value} (reported by the
 *     graph lint before anything runs)
 * @param byName every decorator of the step by name, resolved
 */
public record StepDecorators(
    Optional<RetrySpec> retry,
    Optional<CatchSpec> catches,
    Optional<Duration> timeout,
    ResourcesSpec resources,
    Map<String, String> environment,
    List<String> invalidEnvironment,
    Map<String, ResolvedDecorator> byName) {

  /** Canonical form: immutable collections. */
  public StepDecorators {
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    invalidEnvironment = List.copyOf(invalidEnvironment);
    byName = Collections.unmodifiableMap(new TreeMap<>(byName));
  }

  /** Resolves {@code step}'s decorators. */
  public static StepDecorators of(StepModel step) {
    var byName = new TreeMap<String, ResolvedDecorator>();
    step.decorators().stream()
        .map(DecoratorSpec::name)
        .distinct()
        .forEach(n -> ResolvedDecorator.of(step.decorators(), n).ifPresent(r -> byName.put(n, r)));
    var env = new LinkedHashMap<String, String>();
    var invalid = new java.util.ArrayList<String>();
    Optional.ofNullable(byName.get("environment"))
        .flatMap(e -> e.get("vars"))
        .ifPresent(vars -> readEnvironment(vars, env, invalid));
    return new StepDecorators(
        Optional.ofNullable(byName.get("retry")).map(RetrySpec::of),
        Optional.ofNullable(byName.get("catch")).map(CatchSpec::of),
        Optional.ofNullable(byName.get("timeout")).flatMap(StepDecorators::timeoutOf),
        Optional.ofNullable(byName.get("resources"))
            .map(ResourcesSpec::of)
            .orElse(ResourcesSpec.NONE),
        env,
        invalid,
        byName);
  }

  /** The resolved decorator named {@code name}, if the step has it. */
  public Optional<ResolvedDecorator> decorator(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The total of {@code @Timeout}'s parts in seconds, 0 when absent (the lint rejects 0). */
  public static long timeoutSeconds(ResolvedDecorator timeout) {
    return whole(timeout, "seconds", 0)
        + 60L * whole(timeout, "minutes", 0)
        + 3600L * whole(timeout, "hours", 0);
  }

  private static Optional<Duration> timeoutOf(ResolvedDecorator timeout) {
    long seconds = timeoutSeconds(timeout);
    return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
  }

  private static void readEnvironment(Object vars, Map<String, String> env, List<String> invalid) {
    List<?> items = vars instanceof List<?> l ? l : List.of(vars);
    for (Object o : items) {
      String item = String.valueOf(o).trim();
      if (item.isEmpty()) {
        continue;
      }
      int eq = item.indexOf('=');
      String name = eq < 0 ? item : item.substring(0, eq);
      if (eq < 0 || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        invalid.add(item);
      } else {
        env.put(name, item.substring(eq + 1));
      }
    }
  }

  static long whole(ResolvedDecorator d, String attribute, long defaultValue) {
    Object v = d.attributes().get(attribute);
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s && s.trim().matches("-?[0-9]+")) {
      return Long.parseLong(s.trim());
    }
    return defaultValue;
  }

  static Object annotationDefault(Class<?> annotation, String member) {
    try {
      return annotation.getMethod(member).getDefaultValue();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(annotation.getName() + " has no member " + member, e);
    }
  }

  /**
   * {@code @Retry}: retries after the first attempt and the wait before each.
   *
   * @param times retries (the annotation's default when not written)
   * @param betweenRetries wait before each retry
   */
  public record RetrySpec(int times, Duration betweenRetries) {
    static RetrySpec of(ResolvedDecorator d) {
      int defaultTimes = (Integer) annotationDefault(Retry.class, "times");
      int defaultMinutes = (Integer) annotationDefault(Retry.class, "minutesBetweenRetries");
      return new RetrySpec(
          (int) whole(d, "times", defaultTimes),
          Duration.ofMinutes(whole(d, "minutesBetweenRetries", defaultMinutes)));
    }
  }

  /**
   * {@code @Catch}.
   *
   * @param var the artifact that receives the caught exception, if named
   * @param printException whether the exception is printed to the task's stderr
   */
  public record CatchSpec(Optional<String> var, boolean printException) {
    static CatchSpec of(ResolvedDecorator d) {
      String var = d.get("var").map(String::valueOf).map(String::trim).orElse("");
      boolean print =
          d.get("printException")
              .map(v -> v instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(v)))
              .orElse((Boolean) annotationDefault(dev.flowline.Catch.class, "printException"));
      return new CatchSpec(var.isEmpty() ? Optional.empty() : Optional.of(var), print);
    }
  }

  /**
   * {@code @Resources} as written; an attribute not written is empty, so that each back end applies
   * its own default (Kubernetes: {@code METAFLOW_KUBERNETES_CPU} and friends). Zero disk or gpu
   * means "not set", as the annotation documents.
   *
   * @param cpu cores as written, e.g. {@code "2"}, {@code "0.5"}, {@code "500m"}
   * @param memoryMb memory in MB
   * @param diskMb ephemeral disk in MB
   * @param gpu GPUs
   * @param source how each written attribute is named to the user ({@code @Resources(cpu)} or
   *     {@code --with resources:cpu})
   */
  public record ResourcesSpec(
      Optional<String> cpu,
      Optional<Long> memoryMb,
      Optional<Long> diskMb,
      Optional<Long> gpu,
      Map<String, String> source) {
    /** No {@code @Resources}. */
    public static final ResourcesSpec NONE =
        new ResourcesSpec(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());

    /** Canonical form: immutable source map. */
    public ResourcesSpec {
      source = Map.copyOf(source);
    }

    private static Optional<Long> number(ResolvedDecorator d, String attribute) {
      return d.get(attribute).map(v -> whole(d, attribute, Long.MIN_VALUE));
    }

    static ResourcesSpec of(ResolvedDecorator d) {
      var source = new LinkedHashMap<String, String>();
      d.attributes().keySet().forEach(k -> source.put(k, d.source(k, "Resources")));
      return new ResourcesSpec(
          d.get("cpu").map(v -> String.valueOf(v).trim()),
          number(d, "memory"),
          number(d, "disk").filter(v -> v != 0),
          number(d, "gpu").filter(v -> v != 0),
          source);
    }
  }
}
