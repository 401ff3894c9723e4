package dev.flowline.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real Argo Workflows v3.7 controller on the test cluster, its pods run by the node agent with
 * the built argoexec as the executor image (emissary): a two-step WorkflowTemplate DAG passing a
 * parameter runs to Succeeded.
 */
class ArgoTest {

  @RegisterExtension
  static final TestClusterExtension CLUSTER = new TestClusterExtension(List.of("argo"));

  private static final ResourceDefinitionContext TEMPLATES =
      argo("workflowtemplates", "WorkflowTemplate");
  private static final ResourceDefinitionContext WORKFLOWS = argo("workflows", "Workflow");

  private static ResourceDefinitionContext argo(String plural, String kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("argoproj.io")
        .withVersion("v1alpha1")
        .withPlural(plural)
        .withKind(kind)
        .withNamespaced(true)
        .build();
  }

  @Test
  void aTwoStepWorkflowTemplatePassingAParameterRunsToSucceeded(
      KubernetesClient client, TestNamespace ns) throws InterruptedException {
    // what the executor's wait container needs (Argo's documented minimal executor role)
    client
        .rbac()
        .roles()
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("executor")
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("argoproj.io")
                        .withResources("workflowtaskresults")
                        .withVerbs("create", "patch")
                        .build())
                .build())
        .create();
    client
        .rbac()
        .roleBindings()
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("executor")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "executor")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("default")
                .withNamespace(ns.name())
                .endSubject()
                .build())
        .create();
    var template =
        Serialization.unmarshal(
            """
            apiVersion: argoproj.io/v1alpha1
            kind: WorkflowTemplate
            metadata: {name: pass-param}
            spec:
              entrypoint: main
              templates:
              - name: main
                dag:
                  tasks:
                  - {name: produce, template: produce}
                  - name: consume
                    template: consume
                    dependencies: [produce]
                    arguments:
                      parameters: [{name: msg, value: "{{tasks.produce.outputs.parameters.msg}}"}]
              - name: produce
                container: {image: "busybox:1.36", command: [sh, -c, "printf hello-from-produce > /tmp/msg"]}
                outputs:
                  parameters: [{name: msg, valueFrom: {path: /tmp/msg}}]
              - name: consume
                inputs: {parameters: [{name: msg}]}
                container: {image: "busybox:1.36", command: [sh, -c, "echo got {{inputs.parameters.msg}}"]}
            """,
            GenericKubernetesResource.class);
    client.genericKubernetesResources(TEMPLATES).resource(template).create();
    // the controller resolves templates from its informer's cache, which may not hold a template
    // created a moment ago (seconds on this loaded machine): the Workflow then ends in Error at
    // once
    GenericKubernetesResource done = null;
    for (int attempt = 1; attempt <= 10; attempt++) {
      var workflow =
          Serialization.unmarshal(
              """
              apiVersion: argoproj.io/v1alpha1
              kind: Workflow
              metadata: {name: pass-param-%d}
              spec:
                workflowTemplateRef: {name: pass-param}
              """
                  .formatted(attempt),
              GenericKubernetesResource.class);
      client.genericKubernetesResources(WORKFLOWS).resource(workflow).create();
      done =
          client
              .genericKubernetesResources(WORKFLOWS)
              .withName("pass-param-" + attempt)
              .waitUntilCondition(
                  w -> phase(w).matches("Succeeded|Failed|Error"), 180, TimeUnit.SECONDS);
      if (!String.valueOf(done.getAdditionalProperties().get("status"))
          .contains("\"pass-param\" not found")) {
        break;
      }
      Thread.sleep(1000);
    }
    assertThat(phase(done))
        .as(String.valueOf(done.getAdditionalProperties().get("status")))
        .isEqualTo("Succeeded");
    var consume =
        client.pods().list().getItems().stream()
            .filter(p -> p.getMetadata().getName().contains("consume"))
            .findFirst()
            .orElseThrow();
    assertThat(client.pods().resource(consume).inContainer("main").getLog())
        .contains("got hello-from-produce");
  }

  private static String phase(GenericKubernetesResource w) {
    if (w == null || !(w.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return "";
    }
    return String.valueOf(status.get("phase"));
  }
}
