package dev.flowline.testkit.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * The process that {@link MockApiServer} starts: fabric8's mock API server in CRUD mode (objects
 * created are stored, listed and watched) plus fixed answers given as arguments {@code PATH=BODY}
 * (e.g. a pod's log). Prints {@code listening URL} on its first line and stops when its standard
 * input closes.
 */
public final class MockApiServerMain {
  private MockApiServerMain() {}

  /**
   * Runs the server until standard input closes.
   *
   * @param args fixed GET answers, pairs of a path (with its query) and a body
   */
  public static void main(String[] args) throws IOException {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    var server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    for (int i = 0; i + 1 < args.length; i += 2) {
      server.expect().get().withPath(args[i]).andReturn(200, args[i + 1]).always();
    }
    server.init();
    System.out.println("listening " + server.url("/"));
    System.out.flush();
    try {
      while (System.in.read() >= 0) {
        // wait for the parent to close our standard input
      }
    } finally {
      server.destroy();
    }
  }
}
