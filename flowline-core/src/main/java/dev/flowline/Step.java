package dev.flowline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link FlowSpec} as a step. A step takes no parameter, or exactly one {@link
 * Inputs} parameter when it is a join. Every step but {@code end} must end by calling {@code
 * next(...)} or {@code foreach(...)}; the graph is read from those calls in the compiled class
 * without running it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Step {}
