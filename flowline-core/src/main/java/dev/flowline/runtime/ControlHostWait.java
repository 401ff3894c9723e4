package dev.flowline.runtime;

import dev.flowline.GangNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * A worker node of a gang waits until the control node's host name resolves, before its step runs:
 * on Kubernetes the control pod's name enters the DNS only once that pod exists. The wait lasts at
 * most {@value #TIMEOUT_VARIABLE} seconds (the launcher sets it from {@code
 * hostnameResolutionTimeout}); without it, nothing is waited for (locally the control address is
 * the loopback address).
 */
final class ControlHostWait {
  /** Seconds a worker waits for the control node's host name to resolve. */
  static final String TIMEOUT_VARIABLE = "FLOWLINE_HOSTNAME_RESOLUTION_TIMEOUT";

  /** Resolves a host name (tests replace it). */
  interface Resolver {
    void resolve(String host) throws UnknownHostException;
  }

  private ControlHostWait() {}

  /**
   * Waits for {@code node}'s control host when {@code env} sets a timeout and the node is a worker.
   *
   * @throws IllegalStateException when the name did not resolve in time (names the host, the
   *     timeout, its setting and what to check)
   */
  static void await(GangNode node, Map<String, String> env, String step, Resolver resolver)
      throws InterruptedException {
    String timeout = env.getOrDefault(TIMEOUT_VARIABLE, "").trim();
    if (node.isControl() || timeout.isEmpty()) {
      return;
    }
    long seconds = Long.parseLong(timeout);
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    UnknownHostException last;
    while (true) {
      try {
        resolver.resolve(node.controlAddress());
        return;
      } catch (UnknownHostException e) {
        last = e;
      }
      if (System.nanoTime() - deadline >= 0) {
        break;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "step '"
            + step
            + "', node "
            + node.nodeIndex()
            + " of "
            + node.numNodes()
            + ": the control node's host name '"
            + node.controlAddress()
            + "' did not resolve within "
            + seconds
            + " s (hostnameResolutionTimeout) ("
            + last.getMessage()
            + "); check that the control pod started and that the gang's headless Service"
            + " exists, or raise @Kubernetes(hostnameResolutionTimeout)",
        last);
  }

  /** The system's resolver. */
  static void system(String host) throws UnknownHostException {
    InetAddress.getByName(host);
  }
}
