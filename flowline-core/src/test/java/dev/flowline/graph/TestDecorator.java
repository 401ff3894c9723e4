package dev.flowline.graph;

import dev.flowline.StepDecorator;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/**
 * A decorator of every member kind, to test value conversion (like {@code @Kubernetes} in its
 * module).
 */
@StepDecorator(name = "testdeco")
@Retention(RetentionPolicy.RUNTIME)
@interface TestDecorator {
  enum Mode {
    FAST,
    SLOW
  }

  @interface Toleration {
    String key();

    String value() default "";
  }

  Mode mode() default Mode.SLOW;

  Toleration[] tolerations() default {};

  Class<?> type() default Object.class;

  double ratio() default 1.0;

  char letter() default 'a';

  long big() default 0L;

  String[] names() default {};

  boolean flag() default false;
}
