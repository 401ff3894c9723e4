package dev.flowline.model.builtin;

import dev.flowline.Retry;
import dev.flowline.model.AnnotationDecoratorType;

/** Registers {@link Retry} for {@code --with}. */
public final class RetryDecoratorType extends AnnotationDecoratorType {
  /** For {@link java.util.ServiceLoader}. */
  public RetryDecoratorType() {
    super(Retry.class);
  }
}
