package dev.flowline.argo.mfref;

import dev.flowline.FlowSpec;
import dev.flowline.Resources;
import dev.flowline.Step;
import dev.flowline.kubernetes.Kubernetes;

/**
 * Mirrors {@code resources.py}: @Resources; @Kubernetes with every option Metaflow has; both on one
 * step (the larger value wins).
 */
public class ResourcesFlow extends FlowSpec {
  @Resources(cpu = "2", memory = 8000, disk = 20000, gpu = 1)
  @Step
  void start() {
    next(this::big);
  }

  @Kubernetes(
      cpu = "3",
      memory = 12000,
      disk = 30000,
      gpu = 2,
      gpuVendor = "amd",
      image = "ghcr.io/example/trainer:1.2",
      imagePullPolicy = "Always",
      imagePullSecrets = {"step-pull-secret"},
      serviceAccount = "step-sa",
      secrets = {"step-secret-a", "step-secret-b"},
      nodeSelector = {"pool=gpu", "kubernetes.io/arch=amd64"},
      tolerations = {
        "{\"key\": \"gpu\", \"operator\": \"Equal\", \"value\": \"true\", \"effect\":"
            + " \"NoSchedule\"}",
        "{\"key\": \"spot\", \"operator\": \"Exists\"}"
      },
      labels = {"team=ml", "cost-center=step-override"},
      annotations = {"example.com/owner=ml-team"},
      useTmpfs = true,
      tmpfsSize = 1024,
      tmpfsPath = "/scratch",
      sharedMemory = 2048,
      persistentVolumeClaims = {"step-data=/data"},
      qos = "Guaranteed",
      port = 8080,
      securityContext = {"runAsUser=1000", "runAsNonRoot=true", "privileged=false"})
  @Step
  void big() {
    next(this::both);
  }

  @Resources(cpu = "4", memory = 2000)
  @Kubernetes(
      cpu = "1",
      memory = 6000,
      nodeSelector = {"disk=ssd", "zone=a"})
  @Step
  void both() {
    next(this::end);
  }

  @Step
  void end() {}
}
