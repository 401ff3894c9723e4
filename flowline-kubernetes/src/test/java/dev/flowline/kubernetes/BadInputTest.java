package dev.flowline.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.config.ConfigValidationException;
import dev.flowline.config.Problem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per kind of bad input: every problem names the key or parameter, the value, the rule and
 * a fix.
 */
class BadInputTest {
  @TempDir Path tmp;

  private Fixtures f() {
    return Fixtures.in(tmp);
  }

  private List<String> problems(Fixtures fixtures) {
    try {
      fixtures.resolve();
    } catch (ConfigValidationException e) {
      return e.problems().stream().map(Problem::message).toList();
    }
    throw new AssertionError("expected validation problems");
  }

  private String only(Fixtures fixtures) {
    List<String> p = problems(fixtures);
    assertThat(p).hasSize(1);
    return p.get(0);
  }

  @Test
  void malformedJsonInTolerations() {
    assertThat(only(f().env("METAFLOW_KUBERNETES_TOLERATIONS", "[{\"key\": \"gpu\"").kubernetes()))
        .startsWith(
            "METAFLOW_KUBERNETES_TOLERATIONS (from env): value \"[{\"key\": \"gpu\"\" is not valid"
                + " JSON (expected a JSON list of toleration objects;")
        .endsWith(
            "Use e.g. [{\"key\": \"gpu\", \"operator\": \"Exists\", \"effect\": \"NoSchedule\"}].");
  }

  @Test
  void malformedJsonInPersistentVolumeClaims() {
    assertThat(
            only(
                f().env("METAFLOW_KUBERNETES_PERSISTENT_VOLUME_CLAIMS", "{data: /mnt}")
                    .kubernetes()))
        .startsWith(
            "METAFLOW_KUBERNETES_PERSISTENT_VOLUME_CLAIMS (from env): value \"{data: /mnt}\" is not"
                + " valid JSON")
        .endsWith("Use e.g. {\"data-claim\": \"/mnt/data\"}.");
  }

  @Test
  void imagePullSecretsMustBeAJsonListOfStrings() {
    assertThat(only(f().env("METAFLOW_KUBERNETES_IMAGE_PULL_SECRETS", "{\"a\": 1}").kubernetes()))
        .isEqualTo(
            "METAFLOW_KUBERNETES_IMAGE_PULL_SECRETS (from env): value \"{\"a\": 1}\" is not a JSON"
                + " list of strings. Use e.g. [\"regcred\"].");
  }

  @Test
  void wrongTypeForMemory() {
    assertThat(only(f().env("METAFLOW_KUBERNETES_MEMORY", "lots").kubernetes()))
        .isEqualTo(
            "METAFLOW_KUBERNETES_MEMORY (from env): value \"lots\" is not a whole number (at least"
                + " 1). Use e.g. \"4096\".");
  }

  @Test
  void zeroMemoryOnTheAnnotation() {
    assertThat(only(f().kubernetes("memory", 0)))
        .isEqualTo(
            "step 'train': @Kubernetes(memory): value \"0\" is out of range (at least 1). Use e.g."
                + " \"4096\".");
  }

  @Test
  void negativeCpuInWith() {
    assertThat(only(f().with("cpu", "-1")))
        .isEqualTo(
            "step 'train': --with kubernetes:cpu: value \"-1\" is not greater than 0 (a CPU amount"
                + " must be positive). Use e.g. \"1\".");
  }

  @Test
  void zeroCpu() {
    assertThat(only(f().kubernetes("cpu", "0")))
        .isEqualTo(
            "step 'train': @Kubernetes(cpu): value \"0\" is not greater than 0 (a CPU amount must"
                + " be positive). Use e.g. \"1\".");
  }

  @Test
  void negativeSharedMemoryAndTmpfsSize() {
    assertThat(problems(f().kubernetes("sharedMemory", -5, "tmpfsSize", 0)))
        .containsExactly(
            "step 'train': @Kubernetes(sharedMemory): value \"-5\" is out of range (at least 1)."
                + " Use e.g. \"1024\".",
            "step 'train': @Kubernetes(tmpfsSize): value \"0\" is out of range (at least 1). Use"
                + " e.g. \"2048\".");
  }

  @Test
  void unknownQosClass() {
    assertThat(only(f().kubernetes("qos", "BestEffort")))
        .isEqualTo(
            "step 'train': @Kubernetes(qos): value \"BestEffort\" is not one of Burstable,"
                + " Guaranteed (any case). Use e.g. \"Burstable\".");
  }

  @Test
  void unknownImagePullPolicy() {
    assertThat(only(f().env("METAFLOW_KUBERNETES_IMAGE_PULL_POLICY", "Sometimes").kubernetes()))
        .isEqualTo(
            "METAFLOW_KUBERNETES_IMAGE_PULL_POLICY (from env): value \"Sometimes\" is not one of"
                + " Always, IfNotPresent, Never (any case). Use e.g. \"Always\".");
  }

  @Test
  void labelValueBreakingTheRules() {
    assertThat(only(f().env("METAFLOW_KUBERNETES_LABELS", "team=Team A").kubernetes()))
        .isEqualTo(
            "METAFLOW_KUBERNETES_LABELS (from env): value \"team=Team A\" has value \"Team A\" for"
                + " key \"team\" that is not a valid label value (at most 63 characters of"
                + " [A-Za-z0-9_.-], starting and ending alphanumeric). Use e.g."
                + " \"team=ml,env=dev\".");
  }

  @Test
  void labelValueTooLong() {
    String v = "a".repeat(64);
    assertThat(only(f().kubernetes("labels", List.of("team=" + v))))
        .contains("@Kubernetes(labels): value \"team=" + v + "\" has value \"" + v + "\"")
        .contains("not a valid label value (at most 63 characters");
  }

  @Test
  void labelKeyBreakingTheRules() {
    assertThat(only(f().kubernetes("labels", List.of("-team=ml"))))
        .isEqualTo(
            "step 'train': @Kubernetes(labels): value \"-team=ml\" has key \"-team\" that is not a"
                + " valid label key (an optional DNS-subdomain prefix of at most 253 characters and"
                + " '/', then a name of at most 63 characters of [A-Za-z0-9_.-], starting and"
                + " ending alphanumeric). Use e.g. \"team=ml\".");
  }

  @Test
  void annotationKeyWithABadPrefix() {
    assertThat(only(f().kubernetes("annotations", List.of("Example_Com/owner=me"))))
        .contains(
            "has key \"Example_Com/owner\" whose prefix \"Example_Com\" is not a valid annotation"
                + " key");
  }

  @Test
  void reservedSystemPrefix() {
    assertThat(only(f().env("METAFLOW_KUBERNETES_ANNOTATIONS", "flowline.dev/run=7").kubernetes()))
        .isEqualTo(
            "METAFLOW_KUBERNETES_ANNOTATIONS (from env): value \"flowline.dev/run=7\" has key"
                + " \"flowline.dev/run\" under \"flowline.dev/\", which Flowline reserves for its"
                + " own annotations. Use e.g. \"owner=ml-team\".");
  }

  @Test
  void namespaceNotADnsLabel() {
    assertThat(only(f().kubernetes("namespace", "ML_Jobs")))
        .isEqualTo(
            "step 'train': @Kubernetes(namespace): value \"ML_Jobs\" is not a valid namespace (a"
                + " DNS-1123 label: at most 63 characters of a-z, 0-9 and '-', starting and ending"
                + " alphanumeric). Use e.g. \"ml-jobs\".");
  }

  @Test
  void stepNameTooLongForAContainerName() {
    String step = "s".repeat(64);
    assertThat(only(f().step(step).kubernetes()))
        .isEqualTo(
            "step '"
                + step
                + "': value \""
                + step
                + "\" becomes the container name \""
                + step
                + "\" of 64 characters (a DNS-1123 label has at most 63). Use e.g. a step name of"
                + " at most 63 characters.");
  }

  @Test
  void claimNameTooLongOnceOurVolumePrefixIsAdded() {
    String claim = "c".repeat(60);
    assertThat(only(f().kubernetes("persistentVolumeClaims", List.of(claim + "=/data"))))
        .contains(
            "has claim \""
                + claim
                + "\" that is too long for its pod volume name \"pvc-"
                + claim
                + "\"")
        .contains("a claim name of at most 59 characters");
  }

  @Test
  void relativeMountPath() {
    assertThat(only(f().kubernetes("persistentVolumeClaims", List.of("data=mnt/data"))))
        .contains(
            "value \"data=mnt/data\" is not a valid mount path for claim \"data\" (an absolute"
                + " path");
  }

  @Test
  void unknownTolerationKey() {
    assertThat(
            only(
                f().kubernetes(
                        "tolerations",
                        List.of(
                            "{\"key\": \"gpu\", \"operator\": \"Exists\", \"tolerationSecs\":"
                                + " 5}"))))
        .contains(
            "has toleration keys [tolerationSecs] that do not exist (valid: key, operator, value,"
                + " effect, tolerationSeconds)");
  }

  @Test
  void tolerationSecondsNeedNoExecute() {
    assertThat(
            only(
                f().env(
                        "METAFLOW_KUBERNETES_TOLERATIONS",
                        "[{\"key\": \"gpu\", \"operator\": \"Exists\", \"effect\": \"NoSchedule\","
                            + " \"tolerationSeconds\": 5}]")
                    .kubernetes()))
        .contains(
            "has tolerationSeconds with effect \"NoSchedule\" (tolerationSeconds needs effect"
                + " NoExecute)");
  }

  @Test
  void unknownSecurityContextKey() {
    assertThat(only(f().kubernetes("securityContext", List.of("runAsRoot=true"))))
        .startsWith(
            "step 'train': @Kubernetes(securityContext): value \"runAsRoot=true\" has security"
                + " context key \"runAsRoot\" that is not supported (valid: ");
  }

  @Test
  void secretNameThatIsNotAValidName() {
    assertThat(only(f().kubernetes("secrets", List.of("My_Secret"))))
        .isEqualTo(
            "step 'train': @Kubernetes(secrets): value \"My_Secret\" is not a valid Secret name"
                + " \"My_Secret\" (a DNS-1123 subdomain: at most 253 characters of a-z, 0-9, '-'"
                + " and '.', starting and ending alphanumeric). Use e.g. \"db-credentials\".");
  }

  @Test
  void gpuWithAVendorWeDoNotKnow() {
    assertThat(only(f().kubernetes("gpu", 1, "gpuVendor", "intel")))
        .isEqualTo(
            "step 'train': @Kubernetes(gpuVendor): value \"intel\" is not one of nvidia, amd (any"
                + " case). Use e.g. \"nvidia\".");
  }

  @Test
  void timeoutBelowSixtySeconds() {
    assertThat(only(f().kubernetes().decorator("timeout", "seconds", 30)))
        .isEqualTo(
            "step 'train': @Timeout: value \"30 seconds\" is below 60 seconds (a step on Kubernetes"
                + " needs a time limit of at least 60 seconds). Use e.g. @Timeout(minutes = 5).");
  }

  @Test
  void unknownWithAttribute() {
    assertThat(only(f().with("cpus", "2")))
        .startsWith(
            "step 'train': --with kubernetes:cpus: value \"2\" is not a parameter of @Kubernetes"
                + " (valid:");
  }

  @Test
  void restrictedProfileContradictedByPrivileged() {
    assertThat(
            only(
                f().kubernetes(
                        "securityProfile",
                        "restricted",
                        "securityContext",
                        List.of("privileged=true"))))
        .isEqualTo(
            "step 'train': @Kubernetes(securityContext): value \"privileged=true\" contradicts"
                + " securityProfile=restricted (Pod Security Standard \"restricted\"): privileged"
                + " containers are not allowed. Use e.g. \"privileged=false\".");
  }

  @Test
  void extendedResourceWithoutDomainOrWithBadQuantity() {
    assertThat(problems(f().kubernetes("extendedResources", List.of("efa=1"))).get(0))
        .contains("has resource \"efa\" without a domain prefix");
    assertThat(
            problems(f().kubernetes("extendedResources", List.of("example.com/fpga=two"))).get(0))
        .contains(
            "is not a valid quantity for \"example.com/fpga\" (a Kubernetes quantity such as 1,"
                + " 500m, 2Gi)");
  }

  @Test
  void pendingTimeoutOfZero() {
    assertThat(only(f().kubernetes("pendingTimeout", 0)))
        .isEqualTo(
            "step 'train': @Kubernetes(pendingTimeout): value \"0\" is out of range (at least 1)."
                + " Use e.g. \"600\".");
  }

  @Test
  void tooManyInfrastructureRetries() {
    assertThat(only(f().env("METAFLOW_KUBERNETES_INFRASTRUCTURE_RETRIES", "101").kubernetes()))
        .isEqualTo(
            "METAFLOW_KUBERNETES_INFRASTRUCTURE_RETRIES (from env): value \"101\" is out of range"
                + " (from 0 to 100). Use e.g. \"3\".");
  }

  @Test
  void oomMemoryFactorThatWouldNotRaiseMemory() {
    assertThat(only(f().with("oomMemoryFactor", "0.9")))
        .isEqualTo(
            "step 'train': --with kubernetes:oomMemoryFactor: value \"0.9\" is out of range (a"
                + " memory factor is greater than 1, so that memory grows, and at most 10). Use"
                + " e.g. \"1.5\".");
    assertThat(only(f().env("METAFLOW_KUBERNETES_OOM_MEMORY_FACTOR", "lots").kubernetes()))
        .isEqualTo(
            "METAFLOW_KUBERNETES_OOM_MEMORY_FACTOR (from env): value \"lots\" is not a decimal"
                + " number (a memory factor such as 1.5). Use e.g. \"1.5\".");
  }

  @Test
  void oomMemoryMaxWithoutAFactor() {
    assertThat(only(f().kubernetes("oomMemoryMax", 65536)))
        .isEqualTo(
            "step 'train': @Kubernetes(oomMemoryMax): value \"65536\" has no effect without"
                + " oomMemoryFactor (the cap limits the memory step-up after an OOM kill, which the"
                + " factor turns on). Use e.g. @Kubernetes(oomMemoryFactor = 1.5, oomMemoryMax ="
                + " 65536) or METAFLOW_KUBERNETES_OOM_MEMORY_FACTOR=1.5.");
    assertThat(only(f().env("METAFLOW_KUBERNETES_OOM_MEMORY_MAX", "65536").kubernetes()))
        .startsWith(
            "step 'train': METAFLOW_KUBERNETES_OOM_MEMORY_MAX (from env): value \"65536\" has no"
                + " effect without oomMemoryFactor");
  }

  @Test
  void oomMemoryMaxNotAboveTheStepsMemory() {
    assertThat(only(f().kubernetes("oomMemoryFactor", 1.5, "oomMemoryMax", 2048)))
        .isEqualTo(
            "step 'train': @Kubernetes(oomMemoryMax): value \"2048\" is not above the step's"
                + " memory of 4096 MB, so memory could never be raised after an OOM kill (the cap"
                + " is in MB, like memory). Use e.g. \"16384\".");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    var fixtures =
        f().env("METAFLOW_KUBERNETES_MEMORY", "lots")
            .env("METAFLOW_KUBERNETES_QOS", "BestEffort")
            .kubernetes("cpu", "0", "secrets", List.of("Bad_Name"))
            .with("port", "70000");
    assertThatThrownBy(fixtures::resolve)
        .isInstanceOf(ConfigValidationException.class)
        .hasMessageStartingWith("5 configuration problems:")
        .hasMessageContaining("METAFLOW_KUBERNETES_MEMORY")
        .hasMessageContaining("METAFLOW_KUBERNETES_QOS")
        .hasMessageContaining("@Kubernetes(cpu)")
        .hasMessageContaining("@Kubernetes(secrets)")
        .hasMessageContaining("--with kubernetes:port");
  }

  @Test
  void secretLikeValuesNeverAppearInMessages() {
    String message =
        only(
            f().env("METAFLOW_ARGO_EVENTS_WEBHOOK_URL", "ftp://bob:s3cr3t@events.example.com/x")
                .kubernetes());
    assertThat(message)
        .startsWith(
            "METAFLOW_ARGO_EVENTS_WEBHOOK_URL (from env): value"
                + " \"ftp://****@events.example.com/x\"")
        .doesNotContain("s3cr3t");
  }
}
