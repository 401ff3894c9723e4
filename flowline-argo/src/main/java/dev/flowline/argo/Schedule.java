package dev.flowline.argo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the deployed flow on a schedule (Metaflow's {@code @schedule}): {@code argo-workflows
 * create} adds a CronWorkflow beside the WorkflowTemplate. Give either {@link #cron} or one of the
 * shortcuts {@link #hourly}, {@link #daily}, {@link #weekly}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Schedule {
  /** A five-field cron expression, e.g. {@code "0 6 * * 1-5"}; empty when a shortcut is used. */
  String cron() default "";

  /** An IANA time zone for {@link #cron}, e.g. {@code "Europe/Berlin"}; empty means UTC. */
  String timezone() default "";

  /** Every hour, on the hour ({@code 0 * * * *}). */
  boolean hourly() default false;

  /** Every day at midnight ({@code 0 0 * * *}). */
  boolean daily() default false;

  /** Every Sunday at midnight ({@code 0 0 * * 0}). */
  boolean weekly() default false;
}
