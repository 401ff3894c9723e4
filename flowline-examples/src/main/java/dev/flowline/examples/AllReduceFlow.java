package dev.flowline.examples;

import dev.flowline.FlowSpec;
import dev.flowline.GangNode;
import dev.flowline.Inputs;
import dev.flowline.Parallel;
import dev.flowline.Parameter;
import dev.flowline.Retry;
import dev.flowline.Step;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A gang of {@value #NODES} nodes that does a real all-reduce over TCP: each node sums its share of
 * 1..{@code upTo}, the workers send their partial sums to the control node (index 0), which adds
 * them up and sends the total back; every node checks the total, and the join checks every node's.
 * The nodes find each other only through {@code current().parallel()} (the same values as the
 * {@code MF_*} environment variables, which each node also checks).
 *
 * <p>Faults, for tests, from the environment of the run (so that a resumed run can go without
 * them): {@code ALLREDUCE_FAIL_NODE=N} makes node N exit with code 3, on its first {@code
 * ALLREDUCE_FAIL_ATTEMPTS=K} attempts (default: all); {@code @Retry(times = 1)} runs the whole gang
 * again. {@code ALLREDUCE_KILL_CONTROL=1} makes the control node die (halt, exit code 137, as when
 * killed) once it has every partial sum, before it answers. {@code ALLREDUCE_FAIL_JOIN=1} makes the
 * join fail. {@code ALLREDUCE_HOLD_SECONDS=S} makes every node print {@code node N holds for S s}
 * and wait that long before the all-reduce (a gang that is running when a test stops the run).
 */
public class AllReduceFlow extends FlowSpec {
  /** The gang size. */
  static final int NODES = 4;

  @Parameter(help = "sum the numbers 1..upTo")
  long upTo = 1000;

  long expected;
  long partial;
  long total;
  int nodeIndex;
  int controlPort;
  List<Long> partials;

  @Step
  void start() {
    expected = upTo * (upTo + 1) / 2;
    next(this::allReduce, parallel(NODES));
  }

  @Parallel
  @Retry(times = 1, minutesBetweenRetries = 0)
  @Step
  void allReduce() throws IOException {
    GangNode node = current().parallel();
    checkEnvironment(node);
    nodeIndex = node.nodeIndex();
    controlPort = node.controlPort();
    String failNode = System.getenv().getOrDefault("ALLREDUCE_FAIL_NODE", "");
    int failAttempts =
        Integer.parseInt(System.getenv().getOrDefault("ALLREDUCE_FAIL_ATTEMPTS", "1000"));
    if (failNode.equals(Integer.toString(nodeIndex)) && current().retryCount() < failAttempts) {
      System.err.println("node " + nodeIndex + " exits with code 3 on purpose");
      System.exit(3);
    }
    hold(nodeIndex);
    for (long k = 1; k <= upTo; k++) {
      if (k % node.numNodes() == nodeIndex) {
        partial += k;
      }
    }
    total = node.isControl() ? reduceOnControl(node) : reduceOnWorker(node);
    if (total != expected) {
      throw new IllegalStateException(
          "node " + nodeIndex + ": the all-reduce gave " + total + ", expected " + expected);
    }
    System.out.println("node " + nodeIndex + " of " + node.numNodes() + ": total " + total);
    next(this::join);
  }

  @Step
  void join(Inputs<AllReduceFlow> inputs) {
    if ("1".equals(System.getenv("ALLREDUCE_FAIL_JOIN"))) {
      throw new IllegalStateException("the join fails on purpose (ALLREDUCE_FAIL_JOIN=1)");
    }
    var seen = new ArrayList<Integer>();
    partials = new ArrayList<>();
    long sum = 0;
    for (AllReduceFlow node : inputs) {
      if (node.total != node.expected) {
        throw new IllegalStateException("node " + node.nodeIndex + " has total " + node.total);
      }
      seen.add(node.nodeIndex);
      partials.add(node.partial);
      sum += node.partial;
    }
    if (!seen.equals(List.of(0, 1, 2, 3)) || sum != inputs.iterator().next().expected) {
      throw new IllegalStateException("nodes " + seen + " with partial sums adding to " + sum);
    }
    total = sum;
    next(this::end);
  }

  @Step
  void end() {
    System.out.println("all-reduce of " + NODES + " nodes: total " + total);
  }

  private static void hold(int nodeIndex) {
    long seconds = Long.parseLong(System.getenv().getOrDefault("ALLREDUCE_HOLD_SECONDS", "0"));
    if (seconds > 0) {
      System.out.println("node " + nodeIndex + " holds for " + seconds + " s");
      System.out.flush();
      try {
        Thread.sleep(seconds * 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void checkEnvironment(GangNode node) {
    check("MF_PARALLEL_NUM_NODES", Integer.toString(node.numNodes()));
    check("MF_WORLD_SIZE", Integer.toString(node.numNodes()));
    check("MF_PARALLEL_NODE_INDEX", Integer.toString(node.nodeIndex()));
    check("MF_PARALLEL_MAIN_IP", node.controlAddress());
    check("MF_MASTER_ADDR", node.controlAddress());
    check("MF_MASTER_PORT", Integer.toString(node.controlPort()));
    check("MF_PARALLEL_CONTROL_TASK_ID", node.controlTaskId());
  }

  private static void check(String name, String expected) {
    if (!expected.equals(System.getenv(name))) {
      throw new IllegalStateException(
          name + "=" + System.getenv(name) + " but current().parallel() says " + expected);
    }
  }

  /** Receives every worker's partial sum, sends back the total. */
  private long reduceOnControl(GangNode node) throws IOException {
    try (var server = new ServerSocket()) {
      server.setReuseAddress(true);
      // its own address (what the other nodes reach), not 0.0.0.0: on a shared network stack a
      // wildcard bind would take the port from every other pod
      server.bind(new InetSocketAddress(resolve(node.controlAddress()), node.controlPort()));
      server.setSoTimeout(300_000);
      var workers = new ArrayList<Socket>();
      long sum = partial;
      try {
        for (int i = 1; i < node.numNodes(); i++) {
          Socket s = server.accept();
          workers.add(s);
          String line = reader(s).readLine();
          sum += Long.parseLong(line.split(" ")[1]);
        }
        if ("1".equals(System.getenv("ALLREDUCE_KILL_CONTROL"))) {
          System.err.println("the control node dies on purpose with every partial sum received");
          System.err.flush();
          Runtime.getRuntime().halt(137);
        }
        for (Socket s : workers) {
          writer(s).println(sum);
        }
      } finally {
        for (Socket s : workers) {
          s.close();
        }
      }
      return sum;
    }
  }

  /**
   * The address of {@code host}, asking again while it does not resolve yet (a pod's own stable
   * host name resolves once its Service publishes it).
   */
  private static InetAddress resolve(String host) throws IOException {
    UnknownHostException last = null;
    for (int tries = 0; tries < 600; tries++) {
      try {
        return InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        last = e;
        try {
          Thread.sleep(500);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while resolving " + host, ie);
        }
      }
    }
    throw last;
  }

  /** Sends this node's partial sum to the control node and reads back the total. */
  private long reduceOnWorker(GangNode node) throws IOException {
    try (Socket s = connect(node)) {
      writer(s).println(node.nodeIndex() + " " + partial);
      String total = reader(s).readLine();
      if (total == null) {
        throw new IOException(
            "the control node at "
                + node.controlAddress()
                + ":"
                + node.controlPort()
                + " closed the connection before sending the total");
      }
      return Long.parseLong(total.trim());
    }
  }

  /** Connects to the control node, again and again while it is not listening yet. */
  private static Socket connect(GangNode node) throws IOException {
    IOException last = null;
    for (int tries = 0; tries < 3000; tries++) {
      var s = new Socket();
      try {
        s.connect(new InetSocketAddress(node.controlAddress(), node.controlPort()), 5_000);
        s.setSoTimeout(300_000);
        return s;
      } catch (IOException e) {
        s.close();
        last = e;
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while connecting to the control node", ie);
        }
      }
    }
    throw new IOException(
        "cannot reach the control node at " + node.controlAddress() + ":" + node.controlPort(),
        last);
  }

  private static BufferedReader reader(Socket s) throws IOException {
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
  }

  private static PrintWriter writer(Socket s) throws IOException {
    return new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
  }
}
