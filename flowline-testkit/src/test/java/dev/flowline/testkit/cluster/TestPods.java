package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pods for the cluster self-tests: a shell command in the {@code busybox} image (the host's tools).
 */
final class TestPods {

  private TestPods() {}

  /**
   * A Java program for the network tests ({@code java /peer/Peer.java PORT ROLE [PEER]}): it prints
   * its own name and address ({@code InetAddress.getLocalHost()}); with ROLE {@code serve} or
   * {@code both} it listens on its own address and answers one connection with {@code hello from
   * <hostname>}; with {@code call} or {@code both} it resolves PEER (by default the other worker of
   * its JobSet, {@code <jobset>-workers-<other index>-0.<jobset>}) and connects until it gets an
   * answer, printing each failed try.
   */
  static final String PEER_JAVA =
      """
            import java.io.*;
            import java.net.*;

            public class Peer {
              public static void main(String[] args) throws Exception {
                int port = Integer.parseInt(args[0]);
                String role = args[1];
                var me = InetAddress.getLocalHost();
                System.out.println("me " + me.getHostName() + " " + me.getHostAddress());
                String peer = args.length > 2 ? args[2] : null;
                if (peer == null && !role.equals("serve")) {
                  var host = me.getHostName();
                  var jobSet = host.substring(0, host.lastIndexOf("-workers-"));
                  var index = host.startsWith(jobSet + "-workers-0-") ? 1 : 0;
                  peer = jobSet + "-workers-" + index + "-0." + jobSet;
                }
                Thread server = null;
                if (!role.equals("call")) {
                  var socket = new ServerSocket(port, 50, me);
                  System.out.println("listening on " + socket.getLocalSocketAddress());
                  server = new Thread(() -> {
                    try (var s = socket.accept();
                        var out = new PrintWriter(s.getOutputStream(), true)) {
                      out.println("hello from " + me.getHostName());
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  });
                  server.start();
                }
                if (!role.equals("serve")) {
                  while (true) {
                    try {
                      var address = InetAddress.getByName(peer);
                      try (var s = new Socket()) {
                        s.connect(new InetSocketAddress(address, port), 5000);
                        var in = new BufferedReader(new InputStreamReader(s.getInputStream()));
                        System.out.println(peer + " is " + address.getHostAddress() + ", it says: " + in.readLine());
                        break;
                      } catch (IOException e) {
                        System.out.println("no answer: " + peer + " " + address.getHostAddress() + " " + e);
                      }
                    } catch (UnknownHostException e) {
                      System.out.println("unknown: " + peer);
                    }
                    Thread.sleep(1000);
                  }
                }
                if (server != null) {
                  server.join();
                }
              }
            }
            """;

  /** Creates the ConfigMap {@code peer} holding {@link #PEER_JAVA} as {@code Peer.java}. */
  static void createPeerProgram(KubernetesClient client) {
    client
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("peer")
                .endMetadata()
                .addToData("Peer.java", PEER_JAVA)
                .build())
        .create();
  }

  static PodBuilder shell(String name, String script) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(2L)
        .addNewContainer()
        .withName("main")
        .withImage("busybox:1.36")
        .withCommand("sh", "-c", script)
        .endContainer()
        .endSpec();
  }

  static Pod withMemoryLimit(Pod pod, String limit) {
    return new PodBuilder(pod)
        .editSpec()
        .editFirstContainer()
        .withNewResources()
        .addToLimits("memory", new Quantity(limit))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  /**
   * Polls {@code condition} every 500 ms, up to 120 s (for what no watched object shows, e.g. a
   * log's content).
   */
  static void await(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not there after 120 s");
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(what + ": interrupted", e);
      }
    }
  }

  /**
   * Waits for the pod's end; when it does not end in time, fails with its phase, container states
   * and log.
   */
  static Pod awaitTerminal(KubernetesClient client, String name, int seconds) {
    try {
      return client
          .pods()
          .withName(name)
          .waitUntilCondition(TestPods::terminal, seconds, TimeUnit.SECONDS);
    } catch (io.fabric8.kubernetes.client.KubernetesClientTimeoutException e) {
      var pod = client.pods().withName(name).get();
      String log;
      try {
        log = client.pods().withName(name).getLog();
      } catch (RuntimeException noLog) {
        log = "(no log: " + noLog.getMessage() + ")";
      }
      throw new AssertionError(
          "pod "
              + name
              + " did not end in "
              + seconds
              + " s; status: "
              + (pod == null ? "gone" : pod.getStatus())
              + "; log:\n"
              + log,
          e);
    }
  }

  static String phase(Pod pod) {
    return pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  static boolean terminal(Pod pod) {
    return List.of("Succeeded", "Failed").contains(phase(pod));
  }
}
