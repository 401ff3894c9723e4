package dev.flowline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Retries a failing step: up to {@code times} more attempts, {@code minutesBetweenRetries} apart.
 */
@Documented
@StepDecorator(name = "retry")
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Retry {
  /** Number of retries after the first attempt (0 to 4, as in Metaflow). */
  int times() default 3;

  /** Minutes to wait between attempts. */
  int minutesBetweenRetries() default 2;
}
