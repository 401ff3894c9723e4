package dev.flowline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a gang step: a step started as {@code numNodes} tasks at once by {@code next(this::train,
 * parallel(4))} (Metaflow's {@code @parallel} with {@code num_parallel}). The nodes run together;
 * inside each, {@link Current#parallel()} gives its index, the number of nodes and where the
 * control node (index 0) listens, and the same values are in the environment under Metaflow's names
 * ({@code MF_PARALLEL_NUM_NODES}, {@code MF_PARALLEL_NODE_INDEX}, {@code MF_PARALLEL_MAIN_IP},
 * {@code MF_MASTER_ADDR}, {@code MF_MASTER_PORT}, {@code MF_WORLD_SIZE}, {@code
 * MF_PARALLEL_CONTROL_TASK_ID}). A gang step goes to a join, which receives every node's task. When
 * one node fails, the others are stopped and the whole gang fails; {@link Retry} retries the whole
 * gang. {@link Catch} is not allowed on a gang step.
 */
@Documented
@StepDecorator(name = "parallel")
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Parallel {}
