/**
 * Deploying flows to Argo Workflows: the flow-level annotations {@link dev.flowline.argo.Schedule},
 * {@link dev.flowline.argo.Trigger}, {@link dev.flowline.argo.TriggerOnFinish} and {@link
 * dev.flowline.argo.Project}; the compiler is in {@code dev.flowline.argo.compile}, the {@code
 * argo-workflows} commands in {@code dev.flowline.argo.cli}.
 */
package dev.flowline.argo;
