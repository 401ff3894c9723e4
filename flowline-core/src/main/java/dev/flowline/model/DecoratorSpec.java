package dev.flowline.model;

import java.util.Map;

/**
 * A step decorator as the model holds it: a name (e.g. {@code retry}, {@code kubernetes}), its attributes
 * (annotation members, or {@code --with name:k=v} pairs as strings) and where it came from.
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

  /** Canonical form: immutable attributes. */
  public DecoratorSpec {
    attributes = Map.copyOf(attributes);
  }
}
