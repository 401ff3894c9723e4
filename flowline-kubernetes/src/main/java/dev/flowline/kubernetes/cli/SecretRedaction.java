package dev.flowline.kubernetes.cli;

import dev.flowline.config.SecretMask;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;

/**
 * A copy of a Job for printing: environment values that look like credentials are masked, and so
 * are those values where they also appear in the container's command and arguments.
 */
final class SecretRedaction {
  private SecretRedaction() {}

  static Job redact(Job job) {
    List<String> secrets =
        job.getSpec().getTemplate().getSpec().getContainers().stream()
            .flatMap(c -> c.getEnv().stream())
            .filter(e -> e.getValue() != null && !e.getValue().isEmpty())
            .filter(e -> !e.getValue().equals(SecretMask.show(e.getName(), e.getValue(), false)))
            .map(EnvVar::getValue)
            .distinct()
            .toList();
    List<Container> containers =
        job.getSpec().getTemplate().getSpec().getContainers().stream()
            .map(c -> redact(c, secrets))
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

  /** The names of the environment variables that {@link #redact} masks, in order. */
  static List<String> maskedNames(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().stream()
        .flatMap(c -> c.getEnv().stream())
        .filter(
            e ->
                e.getValue() != null
                    && !e.getValue().equals(SecretMask.show(e.getName(), e.getValue(), false)))
        .map(EnvVar::getName)
        .distinct()
        .toList();
  }

  /** The masked values also leave the command ({@code --with environment:vars=...}). */
  private static List<String> withoutSecrets(List<String> words, List<String> secrets) {
    return words.stream()
        .map(
            w -> {
              String shown = w;
              for (String secret : secrets) {
                shown = shown.replace(secret, SecretMask.MASK);
              }
              return shown;
            })
        .toList();
  }

  private static Container redact(Container c, List<String> secrets) {
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
    return new ContainerBuilder(c)
        .withEnv(env)
        .withCommand(withoutSecrets(c.getCommand(), secrets))
        .withArgs(withoutSecrets(c.getArgs(), secrets))
        .build();
  }
}
