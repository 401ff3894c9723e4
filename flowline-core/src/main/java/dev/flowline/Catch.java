package dev.flowline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Catches the failure of a step once its retries are used up: the exception is stored in the
 * artifact named {@code var} (when given) and the run goes on to the next step.
 */
@Documented
@StepDecorator(name = "catch")
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Catch {
  /** Name of the artifact that receives the caught exception; empty for none. */
  String var() default "";

  /** Print the exception to the task's stderr. */
  boolean printException() default true;
}
