package dev.flowline.kubernetes.launch;

import dev.flowline.kubernetes.config.KubernetesOptions;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Ends a task's Job as {@code METAFLOW_KUBERNETES_JOB_TERMINATE_MODE} says, for the launcher (a
 * stuck pod, a stopped run) and for {@code kubernetes kill}: {@code stop} sets the Job's {@code
 * parallelism} to 0 (one merge patch, as Metaflow's: its pod ends, the Job stays for inspection
 * and, since it never finishes, until someone deletes it), {@code delete} deletes it with
 * propagation {@code Background} (the garbage collector then deletes its pod). A Job that is gone
 * already is not an error: ending it twice is harmless.
 */
public final class JobTermination {
  /** How a Job is ended. */
  public enum Mode {
    /** Parallelism 0: the pod ends, the Job stays. */
    STOP("stop", "stopped"),
    /** Delete the Job (and, in the background, its pod). */
    DELETE("delete", "deleted");

    private final String verb;
    private final String done;

    Mode(String verb, String done) {
      this.verb = verb;
      this.done = done;
    }

    /**
     * The mode of a validated {@link KubernetesOptions#JOB_TERMINATE_MODE} value: {@code delete},
     * anything else stops (as Metaflow).
     */
    public static Mode of(String configured) {
      return "delete".equals(configured) ? DELETE : STOP;
    }

    /** {@code stop} or {@code delete}. */
    public String verb() {
      return verb;
    }

    /** {@code stopped} or {@code deleted}. */
    public String done() {
      return done;
    }
  }

  /** What ending a Job did. */
  public enum Result {
    /** The Job was stopped or deleted by this call. */
    ENDED,
    /** There was no such Job (any more). */
    GONE
  }

  private static final String STOP_PATCH = "{\"spec\":{\"parallelism\":0}}";

  private JobTermination() {}

  /**
   * Ends Job {@code name} in {@code namespace}.
   *
   * @throws KubernetesClientException when the API server refuses (other than "not found")
   */
  public static Result end(KubernetesClient client, String namespace, String name, Mode mode) {
    var job = client.batch().v1().jobs().inNamespace(namespace).withName(name);
    try {
      if (mode == Mode.DELETE) {
        return job.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete().isEmpty()
            ? Result.GONE
            : Result.ENDED;
      }
      job.patch(PatchContext.of(PatchType.JSON_MERGE), STOP_PATCH);
      return Result.ENDED;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Result.GONE;
      }
      throw e;
    }
  }
}
