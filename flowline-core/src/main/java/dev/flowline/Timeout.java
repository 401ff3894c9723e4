package dev.flowline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Kills an attempt that runs longer than the sum of {@code seconds}, {@code minutes} and {@code
 * hours}.
 */
@Documented
@StepDecorator(name = "timeout")
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Timeout {
  /** Seconds part of the limit. */
  int seconds() default 0;

  /** Minutes part of the limit. */
  int minutes() default 0;

  /** Hours part of the limit. */
  int hours() default 0;
}
