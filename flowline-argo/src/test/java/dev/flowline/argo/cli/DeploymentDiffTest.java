package dev.flowline.argo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentDiffTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode template(String retries, String token, String codeUrl)
      throws Exception {
    return (ObjectNode)
        JSON.readTree(
            """
            {"apiVersion": "argoproj.io/v1alpha1", "kind": "WorkflowTemplate",
             "metadata": {"name": "helloflow", "namespace": "flows",
               "labels": {"flowline.dev/flow": "HelloFlow"},
               "annotations": {"flowline.dev/owner": "tester", "flowline.dev/code-package": "abc"}},
             "spec": {"entrypoint": "flow-dag", "templates": [
               {"name": "start", "retryStrategy": {"limit": "%s"},
                "container": {"image": "eclipse-temurin:17-jre",
                  "args": ["--with", "environment:vars={\\"API_TOKEN\\": \\"%s\\"}"],
                  "env": [{"name": "FLOWLINE_CODE_URL", "value": "%s"},
                          {"name": "API_TOKEN", "value": "%s"},
                          {"name": "GREETING", "value": "hello"}]}}]}}
            """
                .formatted(retries, token, codeUrl, token));
  }

  /** What the API server returns: keys sorted, and fields of its own. */
  private static ObjectNode deployed(ObjectNode created) {
    ObjectNode d = created.deepCopy();
    ObjectNode meta = (ObjectNode) d.get("metadata");
    meta.put("resourceVersion", "4711");
    meta.put("uid", "0b0e-11");
    meta.put("generation", 3);
    meta.put("creationTimestamp", "2026-12-07T15:00:00Z");
    meta.putArray("managedFields").addObject().put("manager", "fabric8");
    ((ObjectNode) meta.get("annotations"))
        .put("kubectl.kubernetes.io/last-applied-configuration", "{}");
    ((ObjectNode) meta.get("labels")).put("workflows.argoproj.io/creator", "system");
    d.putObject("status").put("phase", "whatever");
    return d;
  }

  private static List<String> diff(ObjectNode before, ObjectNode after) {
    var m =
        DeploymentDiff.mask(
            before == null ? null : DeploymentDiff.normalize(before),
            after == null ? null : DeploymentDiff.normalize(after));
    return DeploymentDiff.unified("WorkflowTemplate/flows/helloflow", m.deployed(), m.compiled());
  }

  @Test
  void serverFieldsKeyOrderAndANewSignedCodeUrlAreNoChange() throws Exception {
    var created = template("2", "s3cr3t-v4lue", "https://s3/m?X-Amz-Signature=one");
    var again = template("2", "s3cr3t-v4lue", "https://s3/m?X-Amz-Signature=two");
    assertThat(diff(deployed(created), again)).isEmpty();
  }

  @Test
  void aChangedFieldIsOneChangedLineInAUnifiedDiff() throws Exception {
    var created = template("2", "s3cr3t-v4lue", "https://s3/m?X-Amz-Signature=one");
    var changed = template("3", "s3cr3t-v4lue", "https://s3/m?X-Amz-Signature=two");
    List<String> lines = diff(deployed(created), changed);
    assertThat(lines.get(0)).isEqualTo("--- deployed/WorkflowTemplate/flows/helloflow");
    assertThat(lines.get(1)).isEqualTo("+++ create/WorkflowTemplate/flows/helloflow");
    assertThat(lines.get(2)).startsWith("@@ ");
    assertThat(lines)
        .filteredOn(l -> l.startsWith("-") && !l.startsWith("---"))
        .containsExactly("-      limit: \"2\"");
    assertThat(lines)
        .filteredOn(l -> l.startsWith("+") && !l.startsWith("+++"))
        .containsExactly("+      limit: \"3\"");
  }

  @Test
  void aChangedCodePackageShowsAsItsContentHash() throws Exception {
    var created = template("2", "tok-123", "https://s3/m?X-Amz-Signature=one");
    var changed = template("2", "tok-123", "https://s3/m?X-Amz-Signature=two");
    ((ObjectNode) changed.at("/metadata/annotations")).put("flowline.dev/code-package", "def");
    String all = String.join("\n", diff(deployed(created), changed));
    assertThat(all)
        .contains("-    flowline.dev/code-package: abc")
        .contains("+    flowline.dev/code-package: def")
        .doesNotContain("Signature");
  }

  @Test
  void credentialsAreNeverPrintedAndAChangedOneShowsAsChanged() throws Exception {
    var created = template("2", "old-s3cr3t", "https://s3/m?X-Amz-Signature=one");
    var changed = template("2", "new-s3cr3t", "https://s3/m?X-Amz-Signature=two");
    List<String> lines = diff(deployed(created), changed);
    String all = String.join("\n", lines);
    assertThat(all).doesNotContain("old-s3cr3t").doesNotContain("new-s3cr3t");
    assertThat(lines)
        .contains("-        value: '****'")
        .contains("+        value: '**** (changed)'");
    // the same value in the command line is masked too, on both sides
    var m =
        DeploymentDiff.mask(DeploymentDiff.normalize(created), DeploymentDiff.normalize(changed));
    String both =
        String.join("\n", DeploymentDiff.yamlLines(m.deployed()))
            + String.join("\n", DeploymentDiff.yamlLines(m.compiled()));
    assertThat(both).doesNotContain("s3cr3t").contains("API_TOKEN\\\": \\\"****\\\"");
    assertThat(m.names()).containsExactly("API_TOKEN");
  }

  @Test
  void anObjectToCreateOrToDeleteIsWholeOnOneSide() throws Exception {
    var created = template("2", "tok-123", "https://s3/m?X-Amz-Signature=one");
    List<String> create = diff(null, created);
    assertThat(create).isNotEmpty();
    assertThat(create.subList(3, create.size())).allMatch(l -> l.startsWith("+"));
    List<String> delete = diff(deployed(created), null);
    assertThat(delete.subList(3, delete.size())).allMatch(l -> l.startsWith("-"));
    assertThat(String.join("\n", delete)).doesNotContain("resourceVersion");
  }
}
