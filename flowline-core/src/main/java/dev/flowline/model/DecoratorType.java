package dev.flowline.model;

import java.lang.annotation.Annotation;
import java.util.Set;

/**
 * A kind of step decorator that {@code --with NAME:key=value} can add, found with {@link
 * java.util.ServiceLoader} (register the implementation in {@code
 * META-INF/services/dev.flowline.model.DecoratorType}). Core registers {@code retry}, {@code
 * catch}, {@code timeout}, {@code resources} and {@code environment}; other modules register their
 * own (e.g. {@code kubernetes}). Most implementations extend {@link AnnotationDecoratorType}.
 */
public interface DecoratorType {
  /**
   * The decorator name, lower case, equal to the {@code @StepDecorator(name)} of {@link
   * #annotationType()}.
   */
  String name();

  /** The annotation that declares this decorator on a step method. */
  Class<? extends Annotation> annotationType();

  /** The attribute names that {@code --with} accepts (the annotation's members). */
  Set<String> attributeNames();

  /**
   * Converts the text of {@code --with NAME:attribute=text} to the value the model holds (String,
   * Number, Boolean, List of those, or Map for a nested annotation), checking that it fits the
   * attribute's type.
   *
   * @param attribute one of {@link #attributeNames()}
   * @param text the raw text after {@code =}
   * @throws IllegalArgumentException with a message that says what the attribute expects, e.g.
   *     {@code "expects a whole number, e.g. 3"}
   */
  Object parseAttribute(String attribute, String text);
}
