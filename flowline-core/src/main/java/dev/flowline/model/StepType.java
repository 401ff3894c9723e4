package dev.flowline.model;

/** The kind of a step in the static graph, as Metaflow types its nodes. */
public enum StepType {
  /** Continues to exactly one step; the start step is LINEAR unless it splits. */
  LINEAR,
  /** A static branch: continues to two or more steps in parallel. */
  SPLIT,
  /** A foreach: continues to one step once per item of a field. */
  FOREACH,
  /** Takes {@code Inputs<F>}: joins the innermost open split. */
  JOIN,
  /** The terminal step. */
  END
}
