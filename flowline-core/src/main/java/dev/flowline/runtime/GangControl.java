package dev.flowline.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;

/**
 * Where the control node of a gang listens: the host name or address every node is given and the
 * port ({@link TaskLauncher#gangControl}).
 *
 * @param address host name or address of the control node
 * @param port the port the control node may listen on
 */
public record GangControl(String address, int port) {

  /**
   * The loopback address with {@code port}, or with a port free on this machine now when none is
   * configured.
   */
  public static GangControl loopback(Optional<Integer> port) {
    return new GangControl(
        InetAddress.getLoopbackAddress().getHostAddress(), port.orElseGet(GangControl::freePort));
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on the loopback interface for a gang", e);
    }
  }
}
