package dev.flowline.kubernetes;

import dev.flowline.model.AnnotationDecoratorType;

/** Registers {@link Kubernetes} so that {@code --with kubernetes[:k=v,...]} knows it. */
public final class KubernetesDecoratorType extends AnnotationDecoratorType {
  /** For {@link java.util.ServiceLoader}. */
  public KubernetesDecoratorType() {
    super(Kubernetes.class);
  }
}
