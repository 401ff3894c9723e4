package dev.flowline.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A step decorator as the model holds it: a name (e.g. {@code retry}, {@code kubernetes}), its
 * attributes (annotation members, or {@code --with name:k=v} pairs as strings) and where it came
 * from.
 *
 * @param name the decorator name, lower case
 * @param attributes attribute name to value; values are String, Number, Boolean, or List of those
 * @param origin where it was declared
 */
public record DecoratorSpec(String name, Map<String, Object> attributes, Origin origin) {

  /** Where a decorator was declared. */
  public enum Origin {
    /** An annotation on the step method. */
    ANNOTATION,
    /** {@code --with} on the command line. */
    COMMAND_LINE
  }

  /**
   * Canonical form: immutable attributes that keep their order (the order written), no null keys or
   * values.
   */
  public DecoratorSpec {
    attributes.forEach(
        (k, v) -> {
          if (k == null || v == null) {
            throw new NullPointerException(
                "decorator " + name + ": attribute " + k + " has no value");
          }
        });
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }
}
