package dev.flowline.model.builtin;

import dev.flowline.Environment;
import dev.flowline.model.AnnotationDecoratorType;

/** Registers {@link Environment} for {@code --with}. */
public final class EnvironmentDecoratorType extends AnnotationDecoratorType {
  /** For {@link java.util.ServiceLoader}. */
  public EnvironmentDecoratorType() {
    super(Environment.class);
  }
}
