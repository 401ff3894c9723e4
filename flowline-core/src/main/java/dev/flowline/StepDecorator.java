package dev.flowline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Meta-annotation of step decorators such as {@link Retry} or {@code @Kubernetes}. The graph reader
 * turns any annotation on a {@link Step} method whose type carries {@code @StepDecorator} into a
 * decorator of that step in the model, with the attributes written at the use site (defaults are
 * applied by the back ends). A module that adds a decorator also registers a {@code
 * dev.flowline.model.DecoratorType} so that {@code --with name:key=value} knows it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface StepDecorator {
  /** The decorator name, lower case, as written after {@code --with} (e.g. {@code retry}). */
  String name();
}
