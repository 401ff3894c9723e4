package dev.flowline.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pods' own addresses and the cluster DNS of headless Services (through each pod's {@code
 * /etc/hosts}), on the real control plane: the EndpointSlice controller publishes the pods'
 * addresses and the agent turns them into names.
 */
@ExtendWith(TestClusterExtension.class)
class PodNetworkTest {

  private static final int PORT = 47631;

  private static Pod peer(String name, String... args) {
    var command = new java.util.ArrayList<String>(java.util.List.of("java", "/peer/Peer.java"));
    command.addAll(java.util.List.of(args));
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("app", "peer-net")
        .endMetadata()
        .withNewSpec()
        .withHostname(name)
        .withSubdomain("peer-net")
        .withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(2L)
        .addNewVolume()
        .withName("peer")
        .withNewConfigMap()
        .withName("peer")
        .endConfigMap()
        .endVolume()
        .addNewContainer()
        .withName("main")
        .withImage("eclipse-temurin:17")
        .withCommand(command)
        .addNewVolumeMount()
        .withName("peer")
        .withMountPath("/peer")
        .endVolumeMount()
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  void aPodReachesAnotherByItsHostnameAndSubdomainAlsoWhenThePeerCameLater(
      KubernetesClient client) {
    TestPods.createPeerProgram(client);
    client
        .services()
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("peer-net")
                .endMetadata()
                .withNewSpec()
                .withClusterIP("None")
                .addToSelector("app", "peer-net")
                .endSpec()
                .build())
        .create();
    // a name no public DNS can answer (no top-level domain has a hyphen), so the lookup fails until
    // the server exists
    client
        .pods()
        .resource(peer("client", Integer.toString(PORT), "call", "server.peer-net"))
        .create();
    // the client looks the server up before it exists: Java keeps that failure 10 s, and the
    // server's name must be found once it appears
    awaitLog(client, "client", "unknown: server.peer-net");
    client.pods().resource(peer("server", Integer.toString(PORT), "serve")).create();

    var clientDone = TestPods.awaitTerminal(client, "client", 180);
    var serverDone = TestPods.awaitTerminal(client, "server", 60);

    var serverIp = serverDone.getStatus().getPodIP();
    var clientIp = clientDone.getStatus().getPodIP();
    assertThat(serverIp).startsWith("198.1").isNotEqualTo(clientIp);
    assertThat(clientIp).startsWith("198.1");
    assertThat(serverDone.getStatus().getPodIPs())
        .singleElement()
        .satisfies(ip -> assertThat(ip.getIp()).isEqualTo(serverIp));
    assertThat(serverDone.getStatus().getHostIP()).isEqualTo("127.0.0.1");
    assertThat(client.pods().withName("server").getLog())
        .contains("me server " + serverIp + "\n")
        .contains("listening on server/" + serverIp + ":" + PORT + "\n");
    assertThat(client.pods().withName("client").getLog())
        .contains("me client " + clientIp + "\n")
        .contains("server.peer-net is " + serverIp + ", it says: hello from server\n");
    assertThat(clientDone.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(serverDone.getStatus().getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void theDownwardApiGivesThePodItsAddressAndHostsFileNamesIt(KubernetesClient client) {
    var pod =
        new PodBuilder(
                TestPods.shell(
                        "named", "echo ip=$POD_IP; hostname; grep -v '^#' /etc/hosts | grep named")
                    .build())
            .editSpec()
            .withSubdomain("sub")
            .editFirstContainer()
            .addNewEnv()
            .withName("POD_IP")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.podIP")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .endContainer()
            .endSpec()
            .build();
    client.pods().resource(pod).create();

    var done =
        client
            .pods()
            .withName("named")
            .waitUntilCondition(TestPods::terminal, 60, TimeUnit.SECONDS);

    var ip = done.getStatus().getPodIP();
    var ns = done.getMetadata().getNamespace();
    assertThat(client.pods().withName("named").getLog())
        .isEqualTo(
            "ip=" + ip + "\nnamed\n" + ip + "\tnamed.sub." + ns + ".svc.cluster.local\tnamed\n");
  }

  /** Polls the pod's log until it holds {@code text} (a log line changes no object to watch). */
  private static void awaitLog(KubernetesClient client, String pod, String text) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String log = "";
    while (System.nanoTime() < deadline) {
      try {
        log = client.pods().withName(pod).getLog();
      } catch (RuntimeException e) {
        log = ""; // no container started yet
      }
      if (log.contains(text)) {
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(
        "the log of pod " + pod + " has no '" + text + "' after 120 s: " + log);
  }
}
