package dev.flowline.testkit.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The registry credentials a pod's image pull secrets give for an image, as kubelet's keyring reads
 * them: {@code kubernetes.io/dockerconfigjson} ({@code .dockerconfigjson}, {@code auths}) and
 * {@code kubernetes.io/dockercfg} ({@code .dockercfg}) Secrets, entries matched by registry host
 * and path prefix, each with {@code auth} (base64 of {@code user:password}) or {@code username} and
 * {@code password}.
 */
final class PullCredentials {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What the pod's pull secrets hold for the image.
   *
   * @param missing names of pull secrets that do not exist (kubelet warns and pulls without them)
   * @param logins {@code user:password} pairs for the image's registry
   */
  record Found(List<String> missing, List<String> logins) {}

  private PullCredentials() {}

  static Found forImage(KubernetesClient client, Pod pod, String image) {
    var missing = new ArrayList<String>();
    var logins = new ArrayList<String>();
    var ref = ImageCatalog.fullReference(image);
    for (var ref0 : pod.getSpec().getImagePullSecrets()) {
      var secret =
          client
              .secrets()
              .inNamespace(pod.getMetadata().getNamespace())
              .withName(ref0.getName())
              .get();
      if (secret == null) {
        missing.add(ref0.getName());
        continue;
      }
      var data = secret.getData();
      if (data == null) {
        continue;
      }
      JsonNode entries = null;
      try {
        if (data.containsKey(".dockerconfigjson")) {
          entries = JSON.readTree(decode(data.get(".dockerconfigjson"))).path("auths");
        } else if (data.containsKey(".dockercfg")) {
          entries = JSON.readTree(decode(data.get(".dockercfg")));
        }
      } catch (IOException e) {
        continue; // kubelet ignores a Secret it cannot parse
      }
      if (entries == null) {
        continue;
      }
      var names = entries.fieldNames();
      while (names.hasNext()) {
        var key = names.next();
        if (matches(key, ref)) {
          var entry = entries.get(key);
          if (entry.hasNonNull("auth")) {
            logins.add(decode(entry.get("auth").asText()));
          } else if (entry.hasNonNull("username")) {
            logins.add(entry.get("username").asText() + ":" + entry.path("password").asText());
          }
        }
      }
    }
    return new Found(missing, logins);
  }

  /** Whether a keyring entry ({@code host[/path]}, optionally with a scheme) covers the image. */
  static boolean matches(String key, String fullReference) {
    var k = key.replaceFirst("^[a-z]+://", "");
    while (k.endsWith("/")) {
      k = k.substring(0, k.length() - 1);
    }
    if (k.equals("index.docker.io/v1") || k.equals("index.docker.io")) {
      k = "docker.io";
    }
    return fullReference.equals(k) || fullReference.startsWith(k + "/");
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
  }
}
