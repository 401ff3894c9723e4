package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * A step's pod under construction: the pod (metadata and spec, without the main container) and the
 * main container. Treated as immutable: features build a new one with fabric8 builders seeded from
 * this one.
 *
 * @param pod the pod, whose spec has no containers yet
 * @param main the task container
 */
public record StepPod(Pod pod, Container main) {}
