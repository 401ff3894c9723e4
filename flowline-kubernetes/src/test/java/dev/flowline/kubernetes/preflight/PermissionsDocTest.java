package dev.flowline.kubernetes.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Role that docs/kubernetes.md ("Permissions") shows is the one the preflight asks for. */
class PermissionsDocTest {
  @Test
  void theDocumentedRoleHasExactlyTheRulesThePreflightChecks() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "kubernetes.md"));
    int section = doc.indexOf("### Permissions");
    int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
    String yaml = doc.substring(start, doc.indexOf("\n---\n", start));

    Role role = Serialization.unmarshal(yaml, Role.class);

    assertThat(role.getRules()).isEqualTo(ClusterPreflight.requiredRules());
  }

  @Test
  void theDocumentedGangRulesAreTheOnesThePreflightChecksForAGang() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "kubernetes.md"));
    int section = doc.indexOf("A flow with a gang on Kubernetes", doc.indexOf("### Permissions"));
    int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
    String yaml = doc.substring(start, doc.indexOf("```", start));

    Role role = Serialization.unmarshal("kind: Role\nrules:\n" + yaml, Role.class);

    assertThat(role.getRules())
        .isEqualTo(ClusterPreflight.requiredGangRules("jobset.x-k8s.io/v1alpha2"));
  }
}
