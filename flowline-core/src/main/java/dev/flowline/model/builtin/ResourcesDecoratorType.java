package dev.flowline.model.builtin;

import dev.flowline.Resources;
import dev.flowline.model.AnnotationDecoratorType;

/** Registers {@link Resources} for {@code --with}. */
public final class ResourcesDecoratorType extends AnnotationDecoratorType {
  /** For {@link java.util.ServiceLoader}. */
  public ResourcesDecoratorType() {
    super(Resources.class);
  }
}
