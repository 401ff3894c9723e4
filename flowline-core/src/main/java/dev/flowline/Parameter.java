package dev.flowline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a {@link FlowSpec} as a run parameter. The field's initial value is the default.
 * Supported types: {@code String}, {@code int}, {@code long}, {@code double}, {@code boolean} (and
 * their boxes), and any record or class, which is read from JSON. A parameter is set with {@code
 * run --name value} or the environment variable {@code METAFLOW_RUN_<NAME>}; it is also an
 * artifact.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Parameter {
  /** Name on the command line; defaults to the field name. */
  String name() default "";

  /** Help text shown by {@code run --help}. */
  String help() default "";

  /** Whether the run fails to start (exit code 2) when the parameter is not given. */
  boolean required() default false;
}
