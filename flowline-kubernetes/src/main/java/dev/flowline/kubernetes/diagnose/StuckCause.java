package dev.flowline.kubernetes.diagnose;

/** Why a task's pod is not running yet (see {@link PodDiagnosis}). */
public enum StuckCause {
  /**
   * A container's image cannot be pulled: it does not exist, the registry refuses the credentials,
   * the reference is invalid, or the registry cannot be reached.
   */
  IMAGE_PULL,
  /** The scheduler finds no node for the pod (resources, node selector, taints, volumes). */
  UNSCHEDULABLE,
  /**
   * The Job controller cannot create the pod because a ResourceQuota of the namespace is used up.
   */
  QUOTA_EXCEEDED,
  /**
   * The API server refused to create the pod for another reason (Pod Security admission, a
   * LimitRange, a missing ServiceAccount, a webhook).
   */
  POD_REJECTED,
  /**
   * A volume cannot be attached or mounted (a claim not bound yet, a missing Secret or ConfigMap).
   */
  VOLUME_MOUNT,
  /** A container cannot be configured: a Secret, ConfigMap or key it refers to is missing. */
  CONTAINER_CONFIG,
  /** The pod is on a node that is still creating its containers (pulling images, mounting). */
  CONTAINER_CREATING
}
