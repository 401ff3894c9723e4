package dev.flowline.argo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts the deployed flow when a run of another deployed flow finishes successfully (Metaflow's
 * {@code @trigger_on_finish}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TriggerOnFinish {
  /** The name of the upstream flow (its class's simple name). */
  String flow();
}
