package dev.flowline.kubernetes.cli;

import dev.flowline.config.SecretMask;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;

/** A copy of a Job for printing: environment values that look like credentials are masked. */
final class SecretRedaction {
  private SecretRedaction() {}

  static Job redact(Job job) {
    List<Container> containers =
        job.getSpec().getTemplate().getSpec().getContainers().stream()
            .map(SecretRedaction::redact)
            .toList();
    return new JobBuilder(job)
        .editSpec()
        .editTemplate()
        .editSpec()
        .withContainers(containers)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Container redact(Container c) {
    List<EnvVar> env =
        c.getEnv().stream()
            .map(
                e ->
                    e.getValue() == null
                        ? e
                        : new EnvVarBuilder(e)
                            .withValue(SecretMask.show(e.getName(), e.getValue(), false))
                            .build())
            .toList();
    return new ContainerBuilder(c).withEnv(env).build();
  }
}
