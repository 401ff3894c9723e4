package dev.flowline.argo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the project the flow belongs to (Metaflow's {@code @project}): deployments are named {@code
 * <project>.<branch>.<flow>}, where the branch is {@code user.<name>} by default, {@code test.<b>}
 * with {@code --branch b} and {@code prod} with {@code --production}, so that a user's test
 * deployment never replaces production.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Project {
  /** The project name: lower-case letters, digits and '_', at most 128 characters. */
  String name();
}
