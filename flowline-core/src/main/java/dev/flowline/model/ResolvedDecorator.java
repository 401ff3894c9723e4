package dev.flowline.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One decorator of a step after the merge rule, the only place where an annotation and {@code
 * --with} specs of the same name are combined.
 *
 * <p><b>The rule</b> (Metaflow's: a decorator written in the code wins over {@code --with}): per
 * attribute, the value written in the annotation wins; an attribute the annotation does not write
 * comes from the {@code --with} specs, a later {@code --with} overriding an earlier one. A list or
 * map attribute is one attribute: {@code @Environment(vars = "A=1")} with {@code --with
 * environment:vars=["B=2"]} gives {@code vars = ["A=1"]}. Attributes written by neither are absent;
 * the typed views ({@link StepDecorators}) apply the defaults, each written once.
 *
 * @param name the decorator name
 * @param attributes the winning value of each attribute written somewhere, in the order first
 *     written
 * @param origins where each attribute's winning value came from
 */
public record ResolvedDecorator(
    String name, Map<String, Object> attributes, Map<String, DecoratorSpec.Origin> origins) {

  /** Canonical form: immutable maps that keep their order. */
  public ResolvedDecorator {
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
  }

  /** Applies the rule to the specs named {@code name}; empty when there is none. */
  public static Optional<ResolvedDecorator> of(List<DecoratorSpec> specs, String name) {
    var matching = specs.stream().filter(d -> d.name().equals(name)).toList();
    if (matching.isEmpty()) {
      return Optional.empty();
    }
    var attributes = new LinkedHashMap<String, Object>();
    var origins = new LinkedHashMap<String, DecoratorSpec.Origin>();
    for (var origin : List.of(DecoratorSpec.Origin.COMMAND_LINE, DecoratorSpec.Origin.ANNOTATION)) {
      for (DecoratorSpec spec : matching) {
        if (spec.origin() == origin) {
          spec.attributes()
              .forEach(
                  (k, v) -> {
                    attributes.put(k, v);
                    origins.put(k, origin);
                  });
        }
      }
    }
    return Optional.of(new ResolvedDecorator(name, attributes, origins));
  }

  /** The value of {@code attribute}, if written. */
  public Optional<Object> get(String attribute) {
    return Optional.ofNullable(attributes.get(attribute));
  }

  /**
   * How {@code attribute} is named to a user, by where its value came from: {@code
   * "@Kubernetes(cpu)"} or {@code "--with kubernetes:cpu"}.
   */
  public String source(String attribute, String annotationName) {
    return origins.get(attribute) == DecoratorSpec.Origin.COMMAND_LINE
        ? "--with " + name + ":" + attribute
        : "@" + annotationName + "(" + attribute + ")";
  }
}
