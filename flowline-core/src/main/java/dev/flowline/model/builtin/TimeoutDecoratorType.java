package dev.flowline.model.builtin;

import dev.flowline.Timeout;
import dev.flowline.model.AnnotationDecoratorType;

/** Registers {@link Timeout} for {@code --with}. */
public final class TimeoutDecoratorType extends AnnotationDecoratorType {
  /** For {@link java.util.ServiceLoader}. */
  public TimeoutDecoratorType() {
    super(Timeout.class);
  }
}
