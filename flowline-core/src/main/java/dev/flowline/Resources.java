package dev.flowline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Resources a step needs. Recorded in the model and used by remote launchers (for example
 * {@code @Kubernetes}, which takes the larger of its own value and this one); the local runtime
 * ignores it.
 */
@Documented
@StepDecorator(name = "resources")
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Resources {
  /** CPU cores, e.g. "1", "0.5", "500m". */
  String cpu() default "1";

  /** Memory in MB. */
  int memory() default 4096;

  /** Ephemeral disk in MB; 0 for the launcher's default. */
  int disk() default 0;

  /** Number of GPUs. */
  int gpu() default 0;
}
