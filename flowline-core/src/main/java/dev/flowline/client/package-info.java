/**
 * Reading past runs, like Metaflow's client API: {@link dev.flowline.client.FlowlineClient} →
 * {@link dev.flowline.client.Flow} → {@link dev.flowline.client.Run} → {@link
 * dev.flowline.client.Step} → {@link dev.flowline.client.Task} → {@link
 * dev.flowline.client.Artifact}, also addressed by pathspec {@code Flow/run/step/task/name}.
 * Unknown names fail with {@link dev.flowline.client.FlowlineNotFoundException} listing what
 * exists.
 */
package dev.flowline.client;
