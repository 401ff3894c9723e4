package dev.flowline.argo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts the deployed flow when an event arrives on the Argo Events bus (Metaflow's
 * {@code @trigger}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Trigger {
  /** The event name, e.g. {@code "data.ready"}. */
  String event();

  /**
   * Flow parameters set from the event's payload: {@code "param"} (the payload field of the same
   * name) or {@code "param=field"}.
   */
  String[] parameters() default {};
}
