package dev.flowline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Environment variables set for the step's task, as {@code "NAME=value"} entries. */
@Documented
@StepDecorator(name = "environment")
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Environment {
  /** Entries of the form {@code NAME=value}. */
  String[] vars() default {};
}
