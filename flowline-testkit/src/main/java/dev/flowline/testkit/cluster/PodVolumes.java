package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets up a pod's volumes in its folder as the kubelet's volume manager does: emptyDir (mode 0777;
 * medium Memory is a tmpfs of {@code sizeLimit}), secret, configMap, downwardAPI, projected (with a
 * service-account token asked from the API server), hostPath and persistentVolumeClaim (a folder
 * per claim under the state folder).
 */
final class PodVolumes {

  /**
   * A volume that cannot be set up yet; the message is the one of kubelet's {@code FailedMount}
   * event.
   */
  static final class MountFailure extends Exception {
    MountFailure(String message) {
      super(message);
    }
  }

  private final KubernetesClient client;
  private final Path stateDir;
  private final String podIp;
  private final List<Path> tmpfs = new ArrayList<>();

  PodVolumes(KubernetesClient client, Path stateDir, String podIp) {
    this.client = client;
    this.stateDir = stateDir;
    this.podIp = podIp;
  }

  /**
   * Sets up every volume of the pod under {@code podDir/volumes}; returns the host path of each by
   * name.
   */
  Map<String, Path> setUp(Pod pod, Path podDir) throws MountFailure, IOException {
    var result = new LinkedHashMap<String, Path>();
    for (var volume : pod.getSpec().getVolumes()) {
      result.put(
          volume.getName(),
          setUp(pod, volume, podDir.resolve("volumes").resolve(volume.getName())));
    }
    return result;
  }

  private Path setUp(Pod pod, Volume volume, Path dir) throws MountFailure, IOException {
    var ns = pod.getMetadata().getNamespace();
    if (volume.getHostPath() != null) {
      var path = Path.of(volume.getHostPath().getPath());
      if ("DirectoryOrCreate".equals(volume.getHostPath().getType())) {
        Files.createDirectories(path);
      }
      return path;
    }
    if (volume.getPersistentVolumeClaim() != null) {
      var claim =
          stateDir
              .resolve("pvcs")
              .resolve(ns)
              .resolve(volume.getPersistentVolumeClaim().getClaimName());
      return Files.createDirectories(claim);
    }
    Files.createDirectories(dir);
    if (volume.getEmptyDir() != null) {
      if ("Memory".equals(volume.getEmptyDir().getMedium()) && !tmpfs.contains(dir)) {
        var size = volume.getEmptyDir().getSizeLimit();
        var bytes = size == null ? 1L << 30 : Quantity.getAmountInBytes(size).longValue();
        run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", dir.toString());
        tmpfs.add(dir);
      }
      // as kubelet's emptyDir: writable by every user the containers may run as
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      return dir;
    }
    if (volume.getSecret() != null) {
      var s = volume.getSecret();
      var secret = client.secrets().inNamespace(ns).withName(s.getSecretName()).get();
      if (secret == null && !Boolean.TRUE.equals(s.getOptional())) {
        throw failure(volume, "secret \"" + s.getSecretName() + "\" not found");
      }
      writeKeys(dir, secret == null ? Map.of() : decode(secret), s.getItems(), volume);
      return dir;
    }
    if (volume.getConfigMap() != null) {
      var c = volume.getConfigMap();
      var map = client.configMaps().inNamespace(ns).withName(c.getName()).get();
      if (map == null && !Boolean.TRUE.equals(c.getOptional())) {
        throw failure(volume, "configmap \"" + c.getName() + "\" not found");
      }
      writeKeys(dir, map == null ? Map.of() : data(map), c.getItems(), volume);
      return dir;
    }
    if (volume.getDownwardAPI() != null) {
      for (var item : volume.getDownwardAPI().getItems()) {
        write(
            dir.resolve(item.getPath()),
            PodEnv.field(pod, item.getFieldRef(), item.getResourceFieldRef(), podIp));
      }
      return dir;
    }
    if (volume.getProjected() != null) {
      for (var source : volume.getProjected().getSources()) {
        if (source.getServiceAccountToken() != null) {
          var t = source.getServiceAccountToken();
          var token =
              client
                  .serviceAccounts()
                  .inNamespace(ns)
                  .withName(
                      pod.getSpec().getServiceAccountName() == null
                          ? "default"
                          : pod.getSpec().getServiceAccountName())
                  .tokenRequest(
                      new TokenRequestBuilder()
                          .withNewSpec()
                          .withAudiences(
                              t.getAudience() == null ? List.of() : List.of(t.getAudience()))
                          .withExpirationSeconds(t.getExpirationSeconds())
                          .withNewBoundObjectRef()
                          .withApiVersion("v1")
                          .withKind("Pod")
                          .withName(pod.getMetadata().getName())
                          .withUid(pod.getMetadata().getUid())
                          .endBoundObjectRef()
                          .endSpec()
                          .build());
          write(dir.resolve(t.getPath()), token.getStatus().getToken());
        }
        if (source.getConfigMap() != null) {
          var c = source.getConfigMap();
          var map = client.configMaps().inNamespace(ns).withName(c.getName()).get();
          if (map == null && !Boolean.TRUE.equals(c.getOptional())) {
            throw failure(volume, "configmap \"" + c.getName() + "\" not found");
          }
          writeKeys(dir, map == null ? Map.of() : data(map), c.getItems(), volume);
        }
        if (source.getSecret() != null) {
          var s = source.getSecret();
          var secret = client.secrets().inNamespace(ns).withName(s.getName()).get();
          if (secret == null && !Boolean.TRUE.equals(s.getOptional())) {
            throw failure(volume, "secret \"" + s.getName() + "\" not found");
          }
          writeKeys(dir, secret == null ? Map.of() : decode(secret), s.getItems(), volume);
        }
        if (source.getDownwardAPI() != null) {
          for (var item : source.getDownwardAPI().getItems()) {
            write(
                dir.resolve(item.getPath()),
                PodEnv.field(pod, item.getFieldRef(), item.getResourceFieldRef(), podIp));
          }
        }
      }
      return dir;
    }
    throw failure(volume, "this volume type is not supported by the Flowline node agent");
  }

  private static MountFailure failure(Volume volume, String why) {
    return new MountFailure(
        "MountVolume.SetUp failed for volume \"" + volume.getName() + "\" : " + why);
  }

  private static Map<String, byte[]> decode(Secret secret) {
    var result = new LinkedHashMap<String, byte[]>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> result.put(k, Base64.getDecoder().decode(v)));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> result.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return result;
  }

  private static Map<String, byte[]> data(ConfigMap map) {
    var result = new LinkedHashMap<String, byte[]>();
    if (map.getData() != null) {
      map.getData().forEach((k, v) -> result.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    if (map.getBinaryData() != null) {
      map.getBinaryData().forEach((k, v) -> result.put(k, Base64.getDecoder().decode(v)));
    }
    return result;
  }

  private static void writeKeys(
      Path dir, Map<String, byte[]> data, List<KeyToPath> items, Volume volume)
      throws MountFailure, IOException {
    if (items == null || items.isEmpty()) {
      for (var entry : data.entrySet()) {
        Files.write(dir.resolve(entry.getKey()), entry.getValue());
      }
      return;
    }
    for (var item : items) {
      var value = data.get(item.getKey());
      if (value == null) {
        throw failure(volume, "couldn't find key " + item.getKey() + " in the object");
      }
      var file = dir.resolve(item.getPath());
      Files.createDirectories(file.getParent());
      Files.write(file, value);
    }
  }

  private static void write(Path file, String value) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, value == null ? "" : value);
  }

  /** Unmounts the memory-backed emptyDirs of the pod (at its end). */
  void tearDown() {
    for (var dir : tmpfs) {
      try {
        run("umount", "-l", dir.toString());
      } catch (IOException e) {
        System.err.println("node agent: " + e.getMessage());
      }
    }
    tmpfs.clear();
  }

  private static void run(String... command) throws IOException {
    try {
      var process = new ProcessBuilder(command).redirectErrorStream(true).start();
      var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + output.trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(String.join(" ", command) + " was interrupted", e);
    }
  }
}
