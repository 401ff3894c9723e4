package dev.flowline.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs root (the agent adds the local route of 198.18.0.0/15 once per machine). */
class PodAddressesTest {

  @Test
  void agentsGetDisjointBlocksAndPodsDistinctBindableAddresses(@TempDir Path locks)
      throws Exception {
    try (var first = PodAddresses.claim(Path.of("/tmp/cluster-a"), locks);
        var second = PodAddresses.claim(Path.of("/tmp/cluster-a"), locks)) {
      assertThat(first.block()).isNotEqualTo(second.block()).startsWith("198.1");

      var seen = new HashSet<String>();
      for (int i = 0; i < 600; i++) {
        var ip = first.allocate("pod-" + i);
        assertThat(ip).doesNotEndWith(".0").doesNotEndWith(".255");
        assertThat(seen.add(ip)).as("address %s given twice", ip).isTrue();
      }
      assertThat(first.allocate("pod-7")).isEqualTo(first.allocate("pod-7"));
      first.release("pod-7");
      assertThat(first.allocate("pod-7")).isNotIn(seen);

      try (var socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getByName(second.allocate("x")), 0));
        assertThat(socket.getInetAddress().getHostAddress()).startsWith("198.1");
      }
    }
  }
}
