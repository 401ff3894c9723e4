package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A container's environment as the kubelet makes it: {@code envFrom}, then {@code env} with {@code
 * valueFrom} (secretKeyRef, configMapKeyRef, fieldRef, resourceFieldRef) and {@code $(VAR)}
 * references, plus the {@code KUBERNETES_SERVICE_*} variables pointing at the API server.
 */
final class PodEnv {

  /**
   * A referenced secret, configMap or key is missing: the message of kubelet's
   * CreateContainerConfigError.
   */
  static final class ConfigError extends Exception {
    ConfigError(String message) {
      super(message);
    }
  }

  private PodEnv() {}

  /**
   * The environment of {@code container}; {@code apiPort} is the API server's port on 127.0.0.1,
   * {@code podIp} the pod's address (for {@code status.podIP}).
   */
  static Map<String, String> resolve(
      KubernetesClient client, Pod pod, Container container, int apiPort, String podIp)
      throws ConfigError {
    var ns = pod.getMetadata().getNamespace();
    var env = new LinkedHashMap<String, String>();
    env.put("HOSTNAME", hostname(pod));
    env.put("KUBERNETES_SERVICE_HOST", "127.0.0.1");
    env.put("KUBERNETES_SERVICE_PORT", Integer.toString(apiPort));
    env.put("KUBERNETES_SERVICE_PORT_HTTPS", Integer.toString(apiPort));
    env.put("KUBERNETES_PORT", "tcp://127.0.0.1:" + apiPort);
    for (var from : container.getEnvFrom()) {
      var prefix = from.getPrefix() == null ? "" : from.getPrefix();
      if (from.getConfigMapRef() != null) {
        var ref = from.getConfigMapRef();
        var map = client.configMaps().inNamespace(ns).withName(ref.getName()).get();
        if (map == null) {
          if (!Boolean.TRUE.equals(ref.getOptional())) {
            throw new ConfigError("configmap \"" + ref.getName() + "\" not found");
          }
        } else if (map.getData() != null) {
          map.getData().forEach((k, v) -> env.put(prefix + k, v));
        }
      }
      if (from.getSecretRef() != null) {
        var ref = from.getSecretRef();
        var secret = client.secrets().inNamespace(ns).withName(ref.getName()).get();
        if (secret == null) {
          if (!Boolean.TRUE.equals(ref.getOptional())) {
            throw new ConfigError("secret \"" + ref.getName() + "\" not found");
          }
        } else if (secret.getData() != null) {
          secret.getData().forEach((k, v) -> env.put(prefix + k, decode(v)));
        }
      }
    }
    for (var var : container.getEnv()) {
      var from = var.getValueFrom();
      if (from == null) {
        env.put(var.getName(), expand(var.getValue() == null ? "" : var.getValue(), env));
      } else if (from.getSecretKeyRef() != null) {
        var ref = from.getSecretKeyRef();
        var secret = client.secrets().inNamespace(ns).withName(ref.getName()).get();
        boolean optional = Boolean.TRUE.equals(ref.getOptional());
        if (secret == null) {
          if (!optional) {
            throw new ConfigError("secret \"" + ref.getName() + "\" not found");
          }
        } else if (secret.getData() == null || !secret.getData().containsKey(ref.getKey())) {
          if (!optional) {
            throw new ConfigError(
                "couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
          }
        } else {
          env.put(var.getName(), decode(secret.getData().get(ref.getKey())));
        }
      } else if (from.getConfigMapKeyRef() != null) {
        var ref = from.getConfigMapKeyRef();
        var map = client.configMaps().inNamespace(ns).withName(ref.getName()).get();
        boolean optional = Boolean.TRUE.equals(ref.getOptional());
        if (map == null) {
          if (!optional) {
            throw new ConfigError("configmap \"" + ref.getName() + "\" not found");
          }
        } else if (map.getData() == null || !map.getData().containsKey(ref.getKey())) {
          if (!optional) {
            throw new ConfigError(
                "couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
          }
        } else {
          env.put(var.getName(), map.getData().get(ref.getKey()));
        }
      } else {
        env.put(
            var.getName(),
            field(pod, container, from.getFieldRef(), from.getResourceFieldRef(), podIp));
      }
    }
    return env;
  }

  /**
   * The command line with {@code $(VAR)} references expanded, {@code $$} kept as a literal {@code
   * $}.
   */
  static List<String> expandAll(List<String> values, Map<String, String> env) {
    var result = new ArrayList<String>();
    for (var value : values) {
      result.add(expand(value, env));
    }
    return result;
  }

  static String expand(String value, Map<String, String> env) {
    var out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '$') {
        out.append('$');
        i++;
      } else if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '(') {
        int end = value.indexOf(')', i);
        var name = end < 0 ? null : value.substring(i + 2, end);
        if (name != null && env.containsKey(name)) {
          out.append(env.get(name));
          i = end;
        } else {
          out.append(c);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The pod's hostname as kubelet makes it: {@code spec.hostname}, else the pod's name, cut to 63
   * characters without a trailing {@code -} or {@code .}.
   */
  static String hostname(Pod pod) {
    var h = pod.getSpec().getHostname();
    var name = h == null || h.isEmpty() ? pod.getMetadata().getName() : h;
    if (name.length() > 63) {
      name = name.substring(0, 63).replaceAll("[-.]+$", "");
    }
    return name;
  }

  /**
   * A downward-API value of the pod (for volumes, where the resource's container is named in the
   * selector); {@code podIp} is the pod's address.
   */
  static String field(
      Pod pod, ObjectFieldSelector fieldRef, ResourceFieldSelector resourceRef, String podIp) {
    Container container = null;
    if (resourceRef != null && resourceRef.getContainerName() != null) {
      container =
          pod.getSpec().getContainers().stream()
              .filter(c -> c.getName().equals(resourceRef.getContainerName()))
              .findFirst()
              .orElse(null);
    }
    return field(pod, container, fieldRef, resourceRef, podIp);
  }

  private static String field(
      Pod pod,
      Container container,
      ObjectFieldSelector fieldRef,
      ResourceFieldSelector resourceRef,
      String podIp) {
    if (fieldRef != null) {
      var meta = pod.getMetadata();
      var path = fieldRef.getFieldPath();
      if (path.startsWith("metadata.labels['")) {
        return meta.getLabels().getOrDefault(path.substring(17, path.length() - 2), "");
      }
      if (path.startsWith("metadata.annotations['")) {
        return meta.getAnnotations().getOrDefault(path.substring(22, path.length() - 2), "");
      }
      return switch (path) {
        case "metadata.name" -> meta.getName();
        case "metadata.namespace" -> meta.getNamespace();
        case "metadata.uid" -> meta.getUid();
        case "metadata.labels" -> lines(meta.getLabels());
        case "metadata.annotations" -> lines(meta.getAnnotations());
        case "spec.nodeName" -> pod.getSpec().getNodeName();
        case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
        case "status.podIP", "status.podIPs" -> podIp;
        case "status.hostIP", "status.hostIPs" -> NodeRegistry.HOST_IP;
        default -> "";
      };
    }
    if (resourceRef != null && container != null) {
      var resources = container.getResources();
      var which = resourceRef.getResource();
      Quantity q = null;
      if (resources != null) {
        var map = which.startsWith("limits.") ? resources.getLimits() : resources.getRequests();
        q = map == null ? null : map.get(which.substring(which.indexOf('.') + 1));
      }
      if (q == null) {
        return which.contains("cpu") ? "1" : "0";
      }
      var amount = Quantity.getAmountInBytes(q);
      var divisor =
          resourceRef.getDivisor() == null
              ? BigDecimal.ONE
              : Quantity.getAmountInBytes(resourceRef.getDivisor());
      return amount.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }
    return "";
  }

  private static String lines(Map<String, String> map) {
    return map == null
        ? ""
        : map.entrySet().stream()
            .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
            .collect(Collectors.joining("\n"));
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
