package dev.flowline.model.builtin;

import dev.flowline.Catch;
import dev.flowline.model.AnnotationDecoratorType;

/** Registers {@link Catch} for {@code --with}. */
public final class CatchDecoratorType extends AnnotationDecoratorType {
  /** For {@link java.util.ServiceLoader}. */
  public CatchDecoratorType() {
    super(Catch.class);
  }
}
